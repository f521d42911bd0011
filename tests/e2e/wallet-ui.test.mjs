// "Continue with MetaMask" in the sign-in component (issue 14): an EIP-1193 wallet injected into
// the page signs in Node with a real secp256k1 key. A wallet no user has signs up and is signed
// in; the same wallet later signs in as the same user; a page without a wallet says one is needed.
// The instance has wallets as its only identifier, so a wallet sign-up has nothing else to ask. A
// second instance, with every identifier (the dev server's defaults), asks for more: a wallet user
// with SMS two-step verification finishes it in the card, and a new wallet goes on to the sign-up
// page's `#/continue` (the button runs ClerkJS's `authenticateWithMetamask` flow, whose
// `secondFactorUrl` and `signUpContinueUrl` the card routes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, backend, createUser, launchBrowser, newPage, outboxCode, servePages, signInMountPage, startDevServer, ticket } from './harness.mjs';
import { addressOf, injectWallet } from './me-support.mjs';

let dev, full, browser, pages;


before(async () => {
  const config = join(mkdtempSync(join(tmpdir(), 'clerk-wallet-ui-')), 'clerk.toml');
  writeFileSync(config, '[identifiers]\nemail_address = false\nphone_number = false\nusername = false\nweb3_wallet = true\n');
  [dev, full] = await Promise.all([startDevServer({ config }), startDevServer()]);
  pages = await servePages({
    '/mount.html': signInMountPage(dev.frontendApiUrl, dev.publishableKey),
    '/mount-full.html': signInMountPage(full.frontendApiUrl, full.publishableKey),
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
  full?.stop();
});

/** The mount page (of `name`), with a wallet that signs with `key` when one is given. */
async function open(key, name = 'mount') {
  const page = await newPage(await browser.newContext({ viewport: { width: 900, height: 760 } }));
  page.walletCalls = key ? await injectWallet(page, key) : [];
  await page.goto(`${pages.origin}/${name}.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

const who = (page) => page.textContent('#who');

test('a new wallet signs up and is signed in; later it signs in as the same user', async () => {
  const key = randomBytes(32).toString('hex');
  const page = await open(key);
  await page.waitForSelector('button[data-action=web3]');
  await page.screenshot({ path: join(artifacts, 'sign-in-wallet.png') });
  await page.click('text=Continue with MetaMask');
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  const userId = (await who(page)).slice('signed-in:'.length);
  const user = await backend(dev).users.getUser(userId);
  assert.deepEqual(user.web3Wallets.map((w) => [w.web3Wallet.toLowerCase(), w.verification?.status]), [[addressOf(key).toLowerCase(), 'verified']]);
  // personal_sign got the nonce's bytes in hex and the address, as ClerkJS sends them.
  const calls = page.walletCalls;
  assert.deepEqual(calls.map(([m]) => m), ['eth_requestAccounts', 'personal_sign']);
  assert.match(calls[1][1][0], /^0x[0-9a-f]+$/);
  assert.equal(calls[1][1][1], addressOf(key).toLowerCase());

  const again = await open(key);
  await again.click('text=Continue with MetaMask');
  await again.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.equal(await who(again), `signed-in:${userId}`);
  assert.deepEqual([...page.problems, ...again.problems], []);
});

test('without a wallet in the browser the component says one is needed and nobody is signed in', async () => {
  const page = await open();
  await page.click('text=Continue with MetaMask');
  const alert = page.locator('[data-role=alert]');
  await alert.filter({ hasText: /wallet extension/i }).waitFor();
  assert.equal(await who(page), 'signed-out');
});

test('an instance that asks for more: two-step verification in the card; a new wallet goes on to the sign-up page', async () => {
  // A user with a verified wallet and SMS two-step verification.
  const key = randomBytes(32).toString('hex');
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  const { user } = await createUser(backend(full), { prefix: 'wallet-2fa', phoneNumber: [phone] });
  const setup = await open(key, 'mount-full');
  await setup.evaluate(async (token) => {
    const si = await window.clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await window.clerk.setActive({ session: si.createdSessionId });
    const [address] = await window.ethereum.request({ method: 'eth_requestAccounts' });
    const wallet = await window.clerk.user.createWeb3Wallet({ web3Wallet: address });
    const prepared = await wallet.prepareVerification({ strategy: 'web3_metamask_signature' });
    const nonce = prepared.verification.message;
    const hex = '0x' + [...new TextEncoder().encode(nonce)].map((b) => b.toString(16).padStart(2, '0')).join('');
    await prepared.attemptVerification({ signature: await window.ethereum.request({ method: 'personal_sign', params: [hex, address] }) });
    await window.clerk.user.phoneNumbers[0].setReservedForSecondFactor({ reserved: true });
    await window.clerk.signOut(() => {});
  }, await ticket(backend(full), user.id));

  const page = await open(key, 'mount-full');
  await page.click('text=Continue with MetaMask');
  await page.waitForSelector('text=Two-step verification');
  assert.equal(await who(page), 'signed-out');
  await page.fill('input[name=code]', await outboxCode(full, phone));
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.equal(await who(page), `signed-in:${user.id}`);

  // A wallet no user has: its sign-up is verified but misses the instance's required fields.
  const fresh = await open(randomBytes(32).toString('hex'), 'mount-full');
  const signUpUrl = await fresh.evaluate(() => window.clerk.environment.displayConfig.signUpUrl);
  await fresh.click('text=Continue with MetaMask');
  await fresh.waitForURL(`${signUpUrl}#/continue`);
  assert.deepEqual([...setup.problems, ...page.problems], []);
});
