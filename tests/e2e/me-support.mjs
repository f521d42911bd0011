// Shared by the user-method tests (issue 4): Ethereum keys and EIP-191 `personal_sign`
// signatures made in the test (the dev server recovers the signer's address from them), and
// pages that sign a user in by ticket.
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { newPage, ticket } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

/** The EIP-55 checksummed address of a private key (hex, without 0x). */
export function addressOf(privateKeyHex) {
  const pub = secp256k1.getPublicKey(hexToBytes(privateKeyHex), false).slice(1);
  const lower = bytesToHex(keccak_256(pub).slice(-20));
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(hash[i], 16) >= 8 ? lower[i].toUpperCase() : lower[i];
  return out;
}

/** `personal_sign` of `message` (UTF-8) as a wallet does: 0x + r‖s‖v, v being 27 or 28. */
export function personalSign(privateKeyHex, message) {
  const body = utf8ToBytes(message);
  const prefix = utf8ToBytes(`\x19Ethereum Signed Message:\n${body.length}`);
  const digest = keccak_256(new Uint8Array([...prefix, ...body]));
  const sig = secp256k1.sign(digest, hexToBytes(privateKeyHex));
  return `0x${sig.toCompactHex()}${(27 + sig.recovery).toString(16)}`;
}

/** A fresh browser context on `url`, the user signed in by ticket there, then `url` reloaded. */
export async function signedInPage(browser, dev, clerk, userId, url, options = {}) {
  const page = await newPage(await browser.newContext(options));
  await page.goto(url);
  await signInByTicket(page, dev, await ticket(clerk, userId));
  return page;
}

/** An SDK instance in the page (the module the dev server serves), loaded; stored as `window.sdk`. */
export async function loadSdk(page, dev) {
  await page.evaluate(
    async ({ fapi, key }) => {
      const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
      window.sdk = new Clerk(key);
      await window.sdk.load();
    },
    { fapi: dev.frontendApiUrl, key: dev.publishableKey },
  );
}

/**
 * Runs `fn(arg)` in the page (with whatever SDK the page holds) and resolves to `{ok: value}` or
 * `{err: {name, message, clerkError, status, code, paramName}}`: the first API error's code and
 * `meta.paramName`, else an error's own `code`.
 */
export function attemptIn(page, fn, arg) {
  return page.evaluate(
    async ({ src, arg }) => {
      try {
        return { ok: await new Function(`return (${src})`)()(arg) };
      } catch (e) {
        const first = e.errors?.[0];
        return { err: { name: e.name, message: e.message, clerkError: e.clerkError, status: e.status, code: first?.code ?? e.code, paramName: first?.meta?.paramName } };
      }
    },
    { src: fn.toString(), arg },
  );
}

/**
 * Runs `fn(sdk, arg)` in the page and resolves to `{ok: value}` or `{err: {status, errors}}`,
 * the errors as the SDK throws them (`{code, message, longMessage, meta}`).
 */
export function attempt(page, fn, arg) {
  return page.evaluate(
    async ({ src, arg }) => {
      const f = new Function(`return (${src})`)();
      try {
        return { ok: await f(window.sdk, arg) };
      } catch (e) {
        if (!e.errors) throw e;
        return { err: { status: e.status, errors: e.errors.map(({ code, message, longMessage, meta }) => ({ code, message, longMessage, meta })) } };
      }
    },
    { src: fn.toString(), arg },
  );
}

/**
 * Injects an EIP-1193 wallet (`window.ethereum`) into every document `page` loads: it answers
 * `eth_requestAccounts` with the lower-case address of `privateKeyHex` and `personal_sign` (hex
 * message bytes) with a real signature made here in Node. Resolves to the list of
 * `[method, params]` calls, kept in Node so that it survives the page's navigations.
 */
export async function injectWallet(page, privateKeyHex) {
  const calls = [];
  await page.exposeFunction('__walletLog', (method, params) => calls.push([method, params]));
  await page.exposeFunction('__walletSign', (hex) => personalSign(privateKeyHex, Buffer.from(hex.slice(2), 'hex').toString('utf8')));
  await page.addInitScript((address) => {
    window.ethereum = {
      request: async ({ method, params }) => {
        await window.__walletLog(method, params ?? []);
        if (method === 'eth_requestAccounts') return [address];
        if (method === 'personal_sign') return window.__walletSign(params[0]);
        throw new Error(`unsupported: ${method}`);
      },
    };
  }, addressOf(privateKeyHex).toLowerCase());
  return calls;
}
