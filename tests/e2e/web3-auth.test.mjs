// The SDK's wallet sign-in methods (issue 14): `clerk.authenticateWithMetamask` /
// `authenticateWithWeb3` and the resources' `authenticateWithWeb3` / `authenticateWithMetamask`,
// which the core hands to the UI module (src/components.rs `web3`, ui/src/authenticate.rs).
// Real dev server, real Chromium; the wallet is an EIP-1193 provider injected into the page whose
// `personal_sign` is a real secp256k1 signature made in Node (me-support.mjs). The instance has
// wallets as its only identifier, so a wallet sign-up has nothing else to ask. The official
// ClerkJS 6.40, driven through the same calls against a second dev server, is the oracle of the
// requests: the two records must agree in method, path and body keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backend, capturedRequests, clearRequests, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { addressOf, attemptIn, injectWallet, personalSign } from './me-support.mjs';

let ours, theirs, oursFull, theirsFull, browser, pages;

// The page's navigations are caught by the router hooks of load(), so a redirect does not unload
// the page the test is talking to; `C` is the SDK instance in both pages.
const oursPage = (d) => `<!doctype html><html><body><script type="module">
import Clerk from '${d.frontendApiUrl}/pkg/clerk.js';
window.nav = [];
window.C = new Clerk('${d.publishableKey}');
await C.load({ routerPush: (to) => { nav.push(to); }, routerReplace: (to) => { nav.push(to); } });
window.ready = true;
</script></body></html>`;
const clerkJsPage = (d) => `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${d.publishableKey}" data-clerk-proxy-url="${d.frontendApiUrl}"></script>
<script>window.nav = []; window.addEventListener('load', async () => {
  await Clerk.load({ routerPush: (to) => { nav.push(to); }, routerReplace: (to) => { nav.push(to); } });
  window.C = Clerk; window.ready = true;
});</script></body></html>`;

const walletOnly = '[identifiers]\nemail_address = false\nphone_number = false\nusername = false\nweb3_wallet = true\n';

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clerk-web3-auth-'));
  const config = join(dir, 'clerk.toml');
  writeFileSync(config, walletOnly);
  // And two with every identifier on (the defaults): a wallet sign-up there still misses fields.
  [ours, theirs, oursFull, theirsFull] = await Promise.all([startDevServer({ config }), startDevServer({ config }), startDevServer(), startDevServer()]);
  pages = await servePages({
    '/ours.html': oursPage(ours),
    '/clerkjs.html': clerkJsPage(theirs),
    '/ours-full.html': oursPage(oursFull),
    '/clerkjs-full.html': clerkJsPage(theirsFull),
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  for (const d of [ours, theirs, oursFull, theirsFull]) d?.stop();
});

/**
 * A fresh page of `which` SDK: with an injected wallet signing with `key` when given, and
 * `__sign(nonce)` signing with `signer` (a key) for a page's own `generateSignature`.
 */
async function open(which, { key, signer } = {}) {
  const page = await newPage(await browser.newContext());
  page.walletCalls = key ? await injectWallet(page, key) : [];
  if (signer) await page.exposeFunction('__sign', (nonce) => personalSign(signer, nonce));
  await page.goto(`${pages.origin}/${which}.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

/** Who is signed in on the page, as the SDK says. */
const who = (page) => page.evaluate(() => ({ user: C.user?.id ?? null, wallets: C.user?.web3Wallets.map((w) => [w.web3Wallet.toLowerCase(), w.verification.status]) ?? [] }));

test('clerk.authenticateWithMetamask: a new wallet signs up, the same wallet later signs in; redirectUrl followed', async () => {
  const key = randomBytes(32).toString('hex');
  const address = addressOf(key).toLowerCase();
  const page = await open('ours', { key });
  const up = await attemptIn(page, () => C.authenticateWithMetamask({ redirectUrl: '/after-up#x', unsafeMetadata: { from: 'wallet' } }));
  assert.deepEqual(up, { ok: undefined }, JSON.stringify(up));
  const signedUp = await who(page);
  assert.ok(signedUp.user, 'the sign-up made the session current');
  assert.deepEqual(signedUp.wallets, [[address, 'verified']]);
  assert.deepEqual(await page.evaluate(() => C.user.unsafeMetadata), { from: 'wallet' });
  assert.deepEqual(await page.evaluate(() => nav), ['/after-up#x']);
  // eth_requestAccounts for the address, personal_sign of the nonce's bytes in hex.
  assert.deepEqual(page.walletCalls.map(([method]) => method), ['eth_requestAccounts', 'personal_sign']);
  assert.equal(page.walletCalls[1][1][1], address);
  assert.match(page.walletCalls[1][1][0], /^0x([0-9a-f]{2})+$/);

  // A new browser (a new client): the same wallet signs in as the same user, without a sign-up.
  const again = await open('ours', { key });
  await clearRequests(ours);
  assert.deepEqual(await attemptIn(again, () => C.authenticateWithMetamask({ redirectUrl: '/after-in' })), { ok: undefined });
  assert.equal((await who(again)).user, signedUp.user);
  assert.deepEqual(await again.evaluate(() => nav), ['/after-in']);
  const paths = (await capturedRequests(ours, '/v1/client/sign_')).map((r) => r.path.replace(/sia_\w+/, '<id>'));
  assert.deepEqual(paths, ['/v1/client/sign_ins', '/v1/client/sign_ins/<id>/prepare_first_factor', '/v1/client/sign_ins/<id>/attempt_first_factor']);
  // Without a redirectUrl the page goes where buildAfterSignInUrl says (here: `/`).
  await again.evaluate(() => C.signOut(() => {}));
  assert.deepEqual(await attemptIn(again, () => C.authenticateWithWeb3({ strategy: 'web3_metamask_signature' })), { ok: undefined });
  assert.equal((await who(again)).user, signedUp.user);
  assert.deepEqual(await again.evaluate(() => nav), ['/after-in', '/']);
  assert.deepEqual([...page.problems, ...again.problems], []);
});

test("signIn / signUp.authenticateWithWeb3 with the page's own generateSignature (no wallet in the page)", async () => {
  const key = randomBytes(32).toString('hex');
  const address = addressOf(key).toLowerCase();
  const page = await open('ours', { signer: key });
  const up = await attemptIn(page, async (address) => {
    const calls = [];
    const signUp = C.client.signUp;
    const su = await signUp.authenticateWithWeb3({
      identifier: address,
      generateSignature: async (params) => (calls.push(params), window.__sign(params.nonce)),
      unsafeMetadata: { via: 'signer' },
    });
    return { same: su === signUp, status: su.status, session: !!su.createdSessionId, user: su.createdUserId, wallet: su.web3wallet, calls };
  }, address);
  assert.equal(up.ok?.status, 'complete', JSON.stringify(up));
  assert.equal(up.ok.same, true, 'resolves to the sign-up it was called on');
  assert.equal(up.ok.session, true);
  assert.match(up.ok.user ?? '', /^user_/);
  assert.equal(up.ok.wallet.toLowerCase(), address);
  assert.equal(up.ok.calls.length, 1);
  assert.deepEqual(Object.keys(up.ok.calls[0]).sort(), ['identifier', 'nonce', 'provider']);
  assert.equal(up.ok.calls[0].identifier, address);
  assert.equal(up.ok.calls[0].provider, 'metamask');

  // The same wallet signs in, on a fresh page, through signIn.authenticateWithWeb3.
  const other = await open('ours', { signer: key });
  const inside = await attemptIn(other, async (address) => {
    const calls = [];
    const signIn = C.client.signIn;
    const si = await signIn.authenticateWithWeb3({
      identifier: address,
      strategy: 'web3_metamask_signature',
      generateSignature: async (params) => (calls.push(params), window.__sign(params.nonce)),
    });
    await C.setActive({ session: si.createdSessionId });
    return { same: si === signIn, status: si.status, firstFactor: si.firstFactorVerification.status, user: C.user.id, calls };
  }, address);
  assert.equal(inside.ok?.status, 'complete', JSON.stringify(inside));
  assert.equal(inside.ok.same, true);
  assert.equal(inside.ok.firstFactor, 'verified');
  assert.deepEqual(inside.ok.calls.map((c) => [c.identifier, c.provider, typeof c.nonce]), [[address, 'metamask', 'string']]);
  assert.equal(inside.ok.user, up.ok.user, 'the user the sign-up created');
  assert.deepEqual([...page.problems, ...other.problems], []);
});

test("a wrong signer is refused with Clerk's error, and nobody is signed in", async () => {
  const key = randomBytes(32).toString('hex');
  const address = addressOf(key).toLowerCase();
  // The wallet signs up first (its own key).
  const owner = await open('ours', { key });
  assert.deepEqual(await attemptIn(owner, () => C.authenticateWithMetamask({ redirectUrl: '/x' })), { ok: undefined });
  // Another key signs for that address: through the page's signer…
  const page = await open('ours', { signer: randomBytes(32).toString('hex') });
  const r = await attemptIn(page, (address) =>
    C.client.signIn.authenticateWithWeb3({ identifier: address, generateSignature: ({ nonce }) => window.__sign(nonce) }), address);
  assert.deepEqual(r.err && { name: r.err.name, status: r.err.status, code: r.err.code }, { name: 'ClerkAPIResponseError', status: 400, code: 'verification_failed' }, JSON.stringify(r));
  // The refusal spent the nonce: the Frontend API's sign-in shows the verification failed.
  assert.equal(await page.evaluate(async () => (await C.client.signIn.reload()).firstFactorVerification.status), 'failed');
  // …and through a lying wallet that claims the address.
  const liar = await open('ours', { key: randomBytes(32).toString('hex') });
  await liar.evaluate((address) => {
    const real = window.ethereum.request;
    window.ethereum.request = async (a) => (a.method === 'eth_requestAccounts' ? [address] : real(a));
  }, address);
  const refused = await attemptIn(liar, () => C.authenticateWithMetamask({ redirectUrl: '/x' }));
  assert.equal(refused.err?.code, 'verification_failed', JSON.stringify(refused));
  for (const p of [page, liar]) {
    assert.equal(await p.evaluate(() => C.user), null);
    assert.deepEqual(await p.evaluate(() => nav), []);
  }
});

test('without window.ethereum the MetaMask methods reject with a clear Error and send nothing', async () => {
  const page = await open('ours');
  await clearRequests(ours);
  for (const call of [() => C.authenticateWithMetamask(), () => C.client.signIn.authenticateWithMetamask(), () => C.client.signUp.authenticateWithMetamask({ legalAccepted: true })]) {
    const r = await attemptIn(page, call);
    assert.equal(r.err?.name, 'Error', JSON.stringify(r));
    assert.match(r.err.message, /wallet extension such as MetaMask is needed/);
  }
  assert.deepEqual(await capturedRequests(ours, '/v1/client/sign_'), []);
  assert.equal(await page.evaluate(() => C.user), null);
});

test("wrong or missing parameters get Clerk's form_param errors before any request", async () => {
  const page = await open('ours', { key: randomBytes(32).toString('hex') });
  await clearRequests(ours);
  const cases = [
    [() => C.authenticateWithWeb3({}), 'form_param_missing', 'strategy'],
    [() => C.authenticateWithWeb3({ strategy: 5 }), 'form_param_format_invalid', 'strategy'],
    [() => C.authenticateWithMetamask({ redirectUrl: 7 }), 'form_param_format_invalid', 'redirect_url'],
    [() => C.authenticateWithMetamask({ legalAccepted: 'yes' }), 'form_param_format_invalid', 'legal_accepted'],
    [() => C.client.signIn.authenticateWithWeb3({ identifier: '0x0123456789abcdef0123456789abcdef01234567' }), 'form_param_missing', 'generate_signature'],
    [() => C.client.signUp.authenticateWithWeb3({ generateSignature: 'not a function' }), 'form_param_missing', 'generate_signature'],
    [() => C.client.signIn.authenticateWithWeb3({ identifier: 42, generateSignature: async () => '0x' }), 'form_param_format_invalid', 'identifier'],
  ];
  for (const [call, code, paramName] of cases) {
    const r = await attemptIn(page, call);
    assert.deepEqual(r.err && { name: r.err.name, status: r.err.status, code: r.err.code, paramName: r.err.paramName }, { name: 'ClerkAPIResponseError', status: 422, code, paramName }, call.toString());
  }
  assert.deepEqual(await capturedRequests(ours, '/v1/'), [], 'no request was sent');
  assert.deepEqual(page.walletCalls, [], 'the wallet was not asked');
  // Before load() has brought a client, the Clerk methods resolve to undefined and do nothing (as ClerkJS's).
  const early = await page.evaluate(async (key) => {
    const fresh = new C.constructor(key);
    return [await fresh.authenticateWithMetamask(), await fresh.authenticateWithWeb3({ strategy: 'web3_metamask_signature' })].map((v) => v === undefined);
  }, ours.publishableKey);
  assert.deepEqual(early, [true, true]);
  assert.deepEqual(page.walletCalls, []);
});

/**
 * The same calls on both SDKs: a new wallet through authenticateWithMetamask (refused sign-in,
 * then the sign-up), a sign-out, then signIn.authenticateWithWeb3 with the page's signer.
 */
const scenario = async (address) => {
  await C.authenticateWithMetamask({ redirectUrl: '/after', unsafeMetadata: { plan: 'free' } });
  const user = C.user?.id;
  await C.signOut(() => {});
  const si = await C.client.signIn.authenticateWithWeb3({ identifier: address, generateSignature: ({ nonce }) => window.__sign(nonce), strategy: 'web3_metamask_signature' });
  await C.setActive({ session: si.createdSessionId });
  return { signedUp: !!user, same: C.user?.id === user, status: si.status, nav };
};

test("the requests are ClerkJS's: method, path and body keys of the same calls", async () => {
  const key = randomBytes(32).toString('hex');
  const address = addressOf(key).toLowerCase();
  const mine = await open('ours', { key, signer: key });
  const oracle = await open('clerkjs', { key, signer: key });
  await clearRequests(ours);
  await clearRequests(theirs);
  const a = await attemptIn(oracle, scenario, address);
  const b = await attemptIn(mine, scenario, address);
  assert.deepEqual(a.ok, { signedUp: true, same: true, status: 'complete', nav: ['/after'] }, JSON.stringify(a));
  assert.deepEqual(b.ok, a.ok);
  // The same wallet requests (the nonces differ between the instances).
  const asked = (calls) => calls.map(([method, params]) => [method, method === 'personal_sign' ? params[1] : params]);
  assert.deepEqual(asked(mine.walletCalls), asked(oracle.walletCalls));
  assert.deepEqual(asked(mine.walletCalls), [['eth_requestAccounts', []], ['personal_sign', address]]);

  // ClerkJS adds the browser's `locale` and `timezone` to every sign-in and sign-up it creates
  // (clerk-wasm sends neither, with any create call): left out of the comparison.
  const shape = (list) =>
    list.map((r) => ({
      method: r.method,
      path: r.path.replace(/\b(sia|sua)_\w+/g, '$1_<id>'),
      keys: [...new URLSearchParams(r.body ?? '').keys()].filter((k) => k !== 'locale' && k !== 'timezone'),
    }));
  const theirsList = shape(await capturedRequests(theirs, '/v1/client/sign_'));
  const oursList = shape(await capturedRequests(ours, '/v1/client/sign_'));
  assert.deepEqual(theirsList.map((r) => `${r.method} ${r.path}`), [
    'POST /v1/client/sign_ins',
    'POST /v1/client/sign_ups',
    'POST /v1/client/sign_ups/sua_<id>/prepare_verification',
    'POST /v1/client/sign_ups/sua_<id>/attempt_verification',
    'POST /v1/client/sign_ins',
    'POST /v1/client/sign_ins/sia_<id>/prepare_first_factor',
    'POST /v1/client/sign_ins/sia_<id>/attempt_first_factor',
  ]);
  assert.deepEqual(oursList, theirsList);
  assert.deepEqual(oursList.map((r) => r.keys), [
    ['identifier'],
    ['web3_wallet', 'unsafe_metadata'],
    ['strategy'],
    ['signature', 'strategy'],
    ['identifier'],
    ['web3_wallet_id', 'strategy'],
    ['signature', 'strategy'],
  ]);
});

test("signUpContinueUrl and the second factor's page go through customNavigate, as ClerkJS's", async () => {
  const outcomes = {};
  for (const [which, dev] of [['clerkjs', theirsFull], ['ours', oursFull]]) {
    // A new wallet: the sign-up still needs the instance's required fields.
    const key = randomBytes(32).toString('hex');
    const page = await open(`${which}-full`, { key });
    const up = await attemptIn(page, async () => {
      window.custom = [];
      await C.authenticateWithMetamask({ signUpContinueUrl: '/continue', redirectUrl: '/done', customNavigate: async (to) => void custom.push(to) });
      const su = C.client.signUp;
      return { custom, nav, user: C.user, status: su.status, wallet: su.verifications.web3Wallet.status, missing: su.missingFields.includes('email_address') };
    });

    // A user with a verified wallet and SMS two-step verification: the wallet sign-in needs the second factor.
    const clerk = backend(dev);
    const phone = `+1555${String(Date.now()).slice(-7)}`;
    const { user } = await createUser(clerk, { prefix: `w2fa-${which}`, phoneNumber: [phone] });
    const other = randomBytes(32).toString('hex');
    const second = await open(`${which}-full`, { key: other, signer: other });
    const ready = await attemptIn(second, async ({ token, address }) => {
      const si = await C.client.signIn.create({ strategy: 'ticket', ticket: token });
      await C.setActive({ session: si.createdSessionId });
      const wallet = await C.user.createWeb3Wallet({ web3Wallet: address });
      const prepared = await wallet.prepareVerification({ strategy: 'web3_metamask_signature' });
      const verified = await prepared.attemptVerification({ signature: await window.__sign(prepared.verification.message) });
      await C.user.phoneNumbers[0].setReservedForSecondFactor({ reserved: true });
      await C.signOut(() => {});
      return verified.verification.status;
    }, { token: await ticket(clerk, user.id), address: addressOf(other) });
    assert.equal(ready.ok, 'verified', `${which}: ${JSON.stringify(ready)}`);
    const twoFactor = await attemptIn(second, async () => {
      window.custom = [];
      await C.authenticateWithMetamask({ redirectUrl: '/done', customNavigate: async (to) => void custom.push(to) });
      const defaultPage = custom.pop();
      await C.authenticateWithWeb3({ strategy: 'web3_metamask_signature', secondFactorUrl: '/2fa', customNavigate: async (to) => void custom.push(to) });
      return { defaultPage, custom, nav, user: C.user, status: C.client.signIn.status, signInUrl: C.environment.displayConfig.signInUrl };
    });
    outcomes[which] = { up, twoFactor };
  }
  const theirsOut = outcomes.clerkjs;
  assert.deepEqual(theirsOut.up.ok, { custom: ['/continue'], nav: [], user: null, status: 'missing_requirements', wallet: 'verified', missing: true }, JSON.stringify(theirsOut.up));
  const { defaultPage, signInUrl, ...rest } = theirsOut.twoFactor.ok ?? {};
  assert.equal(defaultPage, `${signInUrl}#/factor-two`, JSON.stringify(theirsOut.twoFactor));
  assert.deepEqual(rest, { custom: ['/2fa'], nav: [], user: null, status: 'needs_second_factor' });
  // clerk-wasm: the same, its own instance's sign-in page aside.
  assert.deepEqual(outcomes.ours.up, theirsOut.up);
  const mine = outcomes.ours.twoFactor.ok ?? {};
  assert.equal(mine.defaultPage, `${mine.signInUrl}#/factor-two`, JSON.stringify(outcomes.ours.twoFactor));
  assert.deepEqual({ custom: mine.custom, nav: mine.nav, user: mine.user, status: mine.status }, rest);
});
