// The demo pages (www/examples/, issue 15), served by the dev server itself, in headless
// Chromium: Clerk's four "Create user metadata" examples run as the docs write them and the
// page shows what they print (the resource, or error.errors); the email and phone pages verify
// the new identifier with the code from the outbox; the Notion page round-trips through the
// mock provider; the Web3 page verifies a wallet with the dev wallet, which signs only after
// the person clicks "Sign" (rejecting is EIP-1193's 4001, and nothing reaches the server); the
// account page mounts the user button and the profile (whose "Connect wallet" works with the
// dev wallet); signed out, every page shows the sign-in card, which brings the person back.
// The dev wallet is not in pkg/ nor in the npm package.
//
// One dev server for the file: the examples add the docs' fixed values (test@test.com,
// 15551234567, the docs' wallet address), which only one user can have; the tests below run in
// order and say which user took a value first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { backend, capturedRequests, createUser, launchBrowser, newPage, outboxCode, root, startDevServer, ticket } from './harness.mjs';
import { decide, onConsent, signInByTicket } from './oauth-support.mjs';

const DOCS_WALLET = '0x0123456789ABCDEF0123456789ABCDEF01234567';
let dev, browser, clerk;

before(async () => {
  assert.ok(existsSync(join(root, 'www/examples/dev-wallet.js')), 'www/examples/dev-wallet.js is not built: run bash scripts/build-sdk.sh');
  dev = await startDevServer();
  clerk = backend(dev);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  dev?.stop();
});

const url = (name) => `${dev.frontendApiUrl}/www/examples/${name}`;
const entries = (page) => page.locator('#log .entry');

/** A fresh browser context on the page, signed out. */
async function open(name) {
  const page = await newPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  await page.goto(url(name));
  return page;
}

/** A new user, signed in by ticket on the page (which reloads and runs the example signed in). */
async function signedInOn(name, extra = {}) {
  const made = await createUser(clerk, extra);
  const page = await open(name);
  await page.locator('#sign-in .cl-root').waitFor(); // signed out, the example mounts the card
  await signInByTicket(page, dev, await ticket(clerk, made.user.id));
  return { ...made, page };
}

/** The `n`th log entry (waiting for it): its text, its type label, and its JSON blocks parsed. */
async function entry(page, n) {
  const e = entries(page).nth(n);
  await e.waitFor();
  const json = await e.locator('pre.json').allTextContents();
  return { text: await e.textContent(), type: await e.getAttribute('data-type'), className: await e.getAttribute('class'), json: json.map((j) => JSON.parse(j)) };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

test('signed out, every page shows the sign-in card and logs nothing', async () => {
  for (const name of ['create-email-address.html', 'create-phone-number.html', 'create-web3-wallet.html', 'add-notion.html', 'account.html']) {
    const page = await open(name);
    await page.locator('#sign-in .cl-root input[name=identifier]').waitFor();
    assert.ok(await page.locator('main h1').first().isVisible(), name);
    assert.equal(await page.locator('nav a[href="/www/"]').count(), 1, `${name} links back to the examples`);
    if (name !== 'account.html') assert.equal(await entries(page).count(), 0, name);
    if (name.startsWith('create-e') || name.startsWith('create-p')) assert.equal(await page.locator('#verify-step').isHidden(), true, name);
    assert.deepEqual(page.problems, [], name);
    await page.context().close();
  }
});

test('the sign-in card signs in and brings the person back to the same page', async () => {
  const { email, password } = await createUser(clerk, { prefix: 'demo-card' });
  const page = await open('add-notion.html');
  await page.fill('#sign-in input[name=identifier]', email);
  await page.click('#sign-in button[type=submit]');
  await page.fill('#sign-in input[name=password]', password);
  await page.click('#sign-in button[type=submit]');
  // Signed in, the example runs: the (guarded) status line, and the page's note of it.
  await page.waitForFunction(() => document.getElementById('notion-status').textContent === 'undefined');
  assert.equal(new URL(page.url()).pathname, '/www/examples/add-notion.html');
  assert.equal(await page.locator('#sign-in').count(), 0);
  assert.match((await entry(page, 0)).text, /Notion verification status: undefined \(no Notion account yet\)/);
  assert.deepEqual(page.problems, []);
});

test('createEmailAddress: the EmailAddress logged, verified with the outbox code; run again, error.errors', async () => {
  const { page, user } = await signedInOn('create-email-address.html', { prefix: 'demo-email' });
  const first = await entry(page, 0);
  assert.equal(first.type, 'EmailAddress');
  assert.match(first.text, /^EmailAddress/);
  const [logged] = first.json;
  assert.equal(logged.emailAddress, 'test@test.com');
  assert.match(logged.id, /^idn_/);
  assert.match(logged.createdAt, ISO, 'Dates are shown as ISO strings');
  assert.notEqual(logged.verification.status, 'verified');

  // The verify step, under the example.
  await page.locator('#verify-step').waitFor();
  assert.equal(await page.textContent('#verify-step h2'), 'Verify test@test.com');
  const outbox = page.locator('#open-outbox');
  assert.deepEqual([await outbox.getAttribute('href'), await outbox.getAttribute('target')], ['/dev/#/outbox', '_blank']);
  assert.equal(await page.isDisabled('#verify'), true, 'nothing to verify before a code is sent');
  await page.click('#send-code');
  const prepared = await entry(page, 1);
  assert.equal(prepared.type, 'EmailAddress');
  assert.equal(prepared.json[0].verification.status, 'unverified');
  assert.equal(prepared.json[0].verification.strategy, 'email_code');
  const code = await outboxCode(dev, 'test@test.com');

  // A wrong code: error.errors, as the example logs them.
  await page.fill('#code', code === '000000' ? '111111' : '000000');
  await page.click('#verify');
  const wrong = await entry(page, 2);
  assert.match(wrong.text, /^An error occurred:/);
  assert.deepEqual(Object.keys(wrong.json[0][0]), ['code', 'message', 'longMessage', 'meta']);
  assert.equal(wrong.json[0][0].code, 'form_code_incorrect');

  // The code from the outbox verifies it.
  await page.fill('#code', code);
  await page.press('#code', 'Enter');
  const done = await entry(page, 3);
  assert.equal(done.type, 'EmailAddress');
  assert.equal(done.json[0].verification.status, 'verified');
  assert.equal(await page.textContent('#verify-state'), 'test@test.com is verified.');
  const server = await clerk.users.getUser(user.id);
  assert.equal(server.emailAddresses.find((e) => e.emailAddress === 'test@test.com')?.verification?.status, 'verified');

  // The example again: the address is now taken (by this user), which it logs as error.errors.
  await page.reload();
  const again = await entry(page, 0);
  assert.match(again.text, /^An error occurred:/);
  assert.deepEqual(again.json[0], [
    { code: 'form_identifier_exists', message: 'That email address is taken.', longMessage: 'That email address is taken. Please try another.', meta: { paramName: 'email_address' } },
  ]);
  assert.equal(await page.locator('#verify-step').isHidden(), true);
  assert.deepEqual(page.problems, []);
});

test('createPhoneNumber: +15551234567 logged, verified with the SMS code from the outbox', async () => {
  const { page, user } = await signedInOn('create-phone-number.html', { prefix: 'demo-phone' });
  const first = await entry(page, 0);
  assert.equal(first.type, 'PhoneNumber');
  assert.equal(first.json[0].phoneNumber, '+15551234567');
  assert.equal(await page.textContent('#verify-step h2'), 'Verify +15551234567');
  await page.click('#send-code');
  assert.equal((await entry(page, 1)).json[0].verification.strategy, 'phone_code');
  await page.fill('#code', await outboxCode(dev, '+15551234567'));
  await page.click('#verify');
  const done = await entry(page, 2);
  assert.equal(done.type, 'PhoneNumber');
  assert.equal(done.json[0].verification.status, 'verified');
  const server = await clerk.users.getUser(user.id);
  assert.equal(server.phoneNumbers.find((p) => p.phoneNumber === '+15551234567')?.verification?.status, 'verified');

  // Another user runs the example: the number is taken.
  const other = await signedInOn('create-phone-number.html', { prefix: 'demo-phone-2' });
  const taken = await entry(other.page, 0);
  assert.match(taken.text, /^An error occurred:/);
  assert.equal(taken.json[0][0].code, 'form_identifier_exists');
  assert.equal(taken.json[0][0].meta.paramName, 'phone_number');
  assert.deepEqual([...page.problems, ...other.page.problems], []);
});

test('Notion: the button, the mock provider\'s consent page, back here: "verified" shown and logged', async () => {
  const { page, user } = await signedInOn('add-notion.html', { prefix: 'demo-notion' });
  await page.waitForFunction(() => document.getElementById('notion-status').textContent === 'undefined');
  await page.click('#add-notion');
  await onConsent(page, dev, 'notion');
  await decide(page, 'approve');
  await page.waitForURL(url('add-notion.html'));
  await page.waitForFunction(() => document.getElementById('notion-status').textContent === 'verified');
  assert.match((await entry(page, 0)).text, /Notion verification status: verified$/);
  const [notion] = (await clerk.users.getUser(user.id)).externalAccounts;
  assert.equal(notion.verification?.status, 'verified');
  assert.deepEqual(page.problems, []);
});

/** Turns the dev wallet on in the page; resolves to the address it shows. */
async function devWalletOn(page) {
  await page.getByRole('switch', { name: 'Use the dev wallet' }).check();
  const shown = page.locator('#dev-wallet-address');
  await page.waitForFunction(() => /^0x[0-9a-fA-F]{40}$/.test(document.getElementById('dev-wallet-address').textContent));
  return shown.textContent();
}

/** The `attempt_verification` requests the server received for web3 wallets. */
const attempts = async () => (await capturedRequests(dev, '/v1/me/web3_wallets')).filter((r) => r.path.endsWith('/attempt_verification'));

test('createWeb3Wallet: the docs\' address logged unverified; the dev wallet verifies a wallet after "Sign"', async () => {
  const { page, user } = await signedInOn('create-web3-wallet.html', { prefix: 'demo-web3' });
  const first = await entry(page, 0);
  assert.equal(first.type, 'Web3Wallet');
  assert.equal(first.json[0].web3Wallet, DOCS_WALLET);
  assert.notEqual(first.json[0].verification.status, 'verified');

  // Off by default: no window.ethereum until the switch is turned on.
  assert.equal(await page.evaluate(() => 'ethereum' in window), false);
  const address = await devWalletOn(page);
  assert.equal(await page.evaluate(() => window.ethereum.isDevWallet), true);
  const before = (await attempts()).length;

  await page.click('#verify-wallet');
  const dialog = page.getByRole('dialog', { name: 'Dev wallet: signature request' });
  await dialog.waitFor();
  // The dialog shows the message to sign; nothing was signed or sent while it is open.
  const message = await page.textContent('#dev-wallet-message');
  assert.ok(message.length >= 16, 'the nonce is shown');
  assert.equal((await attempts()).length, before, 'no attempt before the person signs');
  const created = await entry(page, 1);
  assert.equal(created.type, 'Web3Wallet');
  assert.equal(created.json[0].web3Wallet.toLowerCase(), address.toLowerCase());

  await dialog.getByRole('button', { name: 'Sign' }).click();
  await dialog.waitFor({ state: 'detached' });
  const verified = entries(page).filter({ hasText: '"status": "verified"' });
  await verified.waitFor();
  const logged = JSON.parse(await verified.locator('pre.json').textContent());
  assert.equal(logged.web3Wallet.toLowerCase(), address.toLowerCase());
  assert.equal((await attempts()).length, before + 1);
  const wallets = Object.fromEntries((await clerk.users.getUser(user.id)).web3Wallets.map((x) => [x.web3Wallet.toLowerCase(), x.verification?.status ?? null]));
  assert.equal(Object.keys(wallets).length, 2);
  assert.equal(wallets[address.toLowerCase()], 'verified');
  assert.notEqual(wallets[DOCS_WALLET.toLowerCase()], 'verified');

  // Reloaded: the switch is remembered, and the example's second run logs error.errors.
  await page.reload();
  const again = await entry(page, 0);
  assert.match(again.text, /^An error occurred:/);
  assert.equal(again.json[0][0].code, 'form_identifier_exists');
  assert.equal(await page.getByRole('switch', { name: 'Use the dev wallet' }).isChecked(), true);
  assert.equal(await page.textContent('#dev-wallet-address'), address);
  assert.deepEqual(page.problems, []);
});

test('the dev wallet asks first: Reject is EIP-1193\'s 4001 and nothing is signed, sent or verified', async () => {
  // The docs' address is the first Web3 user's by now: this user's example logs error.errors.
  const { page, user } = await signedInOn('create-web3-wallet.html', { prefix: 'demo-web3-reject' });
  assert.equal((await entry(page, 0)).json[0][0].code, 'form_identifier_exists');
  const address = await devWalletOn(page);
  const before = (await attempts()).length;

  await page.click('#verify-wallet');
  const dialog = page.getByRole('dialog', { name: 'Dev wallet: signature request' });
  await dialog.waitFor();
  // Focus starts on Reject: Enter never signs by accident.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'dev-wallet-reject');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  const refused = entries(page).filter({ hasText: '4001' });
  await refused.waitFor();
  const [error] = JSON.parse(`[${await refused.locator('pre.json').textContent()}]`);
  assert.deepEqual({ code: error.code, message: error.message }, { code: 4001, message: 'User rejected the request.' });
  assert.equal((await attempts()).length, before, 'no attempt was sent');
  let wallets = (await clerk.users.getUser(user.id)).web3Wallets;
  assert.deepEqual(wallets.map((w) => [w.web3Wallet.toLowerCase(), w.verification?.status === 'verified']), [[address.toLowerCase(), false]]);

  // Escape refuses too; then "Sign" verifies the wallet the first attempt added.
  await page.click('#verify-wallet');
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('#log .entry').length && [...document.querySelectorAll('#log .entry')].filter((e) => e.textContent.includes('4001')).length === 2);
  assert.equal((await attempts()).length, before);
  await page.click('#verify-wallet');
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await entries(page).filter({ hasText: '"status": "verified"' }).waitFor();
  wallets = (await clerk.users.getUser(user.id)).web3Wallets;
  assert.deepEqual(wallets.map((w) => [w.web3Wallet.toLowerCase(), w.verification?.status]), [[address.toLowerCase(), 'verified']]);
  assert.deepEqual(page.problems, []);
});

test('the dev wallet: off by default, a request stays pending while the dialog is open, signatures recover to its address', async () => {
  const page = await open('create-web3-wallet.html');
  await page.locator('#sign-in .cl-root').waitFor();
  assert.equal(await page.evaluate(() => 'ethereum' in window), false, 'off by default');
  assert.equal(await page.getByRole('switch', { name: 'Use the dev wallet' }).isChecked(), false);
  const address = await devWalletOn(page);
  const [account] = await page.evaluate(() => window.ethereum.request({ method: 'eth_requestAccounts' }));
  assert.equal(account, address.toLowerCase());
  assert.deepEqual(await page.evaluate(() => window.ethereum.request({ method: 'eth_accounts' })), [account]);
  assert.equal(await page.evaluate(() => window.ethereum.request({ method: 'eth_chainId' })), '0x1');
  const unsupported = await page.evaluate(() => window.ethereum.request({ method: 'eth_sendTransaction', params: [] }).catch((e) => ({ code: e.code })));
  assert.deepEqual(unsupported, { code: 4200 });
  const key = await page.evaluate(() => localStorage.getItem('clerk-wasm-demo:dev-wallet:key'));
  assert.match(key, /^[0-9a-f]{64}$/);

  // A personal_sign request: pending while the dialog is open, whatever time passes.
  const text = 'Sign in to the demo.\nNonce: 1234';
  await page.evaluate(({ text, account }) => {
    const hex = '0x' + [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
    window.outcome = 'pending';
    window.signing = window.ethereum.request({ method: 'personal_sign', params: [hex, account] }).then(
      (s) => (window.outcome = s),
      (e) => (window.outcome = { code: e.code, message: e.message }),
    );
  }, { text, account });
  const dialog = page.getByRole('dialog', { name: 'Dev wallet: signature request' });
  await dialog.waitFor();
  assert.equal(await page.textContent('#dev-wallet-message'), text);
  // (A wallet that signed at once would have settled before its dialog was even drawn.)
  assert.equal(await page.evaluate(() => window.outcome), 'pending', 'no signature before the click');
  assert.equal(await dialog.getByRole('button', { name: 'Sign' }).isVisible(), true);
  await dialog.getByRole('button', { name: 'Sign' }).click();
  const signature = await page.evaluate(() => window.signing.then(() => window.outcome));
  assert.match(signature, /^0x[0-9a-f]{128}(1b|1c)$/);
  // EIP-191: keccak-256 of the prefixed message; the public key recovered from r‖s‖v is the wallet's.
  const body = utf8ToBytes(text);
  const digest = keccak_256(new Uint8Array([...utf8ToBytes(`\x19Ethereum Signed Message:\n${body.length}`), ...body]));
  const sig = secp256k1.Signature.fromCompact(signature.slice(2, 130)).addRecoveryBit(parseInt(signature.slice(130), 16) - 27);
  const recovered = `0x${bytesToHex(keccak_256(sig.recoverPublicKey(digest).toRawBytes(false).slice(1)).slice(-20))}`;
  assert.equal(recovered, account);

  // Forget key: a new key, a new address; off again: no window.ethereum.
  page.once('dialog', (d) => d.accept());
  await page.click('#dev-wallet-forget');
  await page.waitForFunction((old) => document.getElementById('dev-wallet-address').textContent !== old, address);
  assert.notEqual(await page.evaluate(() => localStorage.getItem('clerk-wasm-demo:dev-wallet:key')), key);
  await page.getByRole('switch', { name: 'Use the dev wallet' }).uncheck();
  assert.equal(await page.evaluate(() => 'ethereum' in window), false);
  await page.reload();
  await page.locator('#sign-in .cl-root').waitFor();
  assert.equal(await page.evaluate(() => 'ethereum' in window), false, 'off is remembered');
  assert.deepEqual(page.problems, []);
});

test('account: the user button and the profile on one page; the profile connects a wallet with the dev wallet', async () => {
  const { page, user } = await signedInOn('account.html', { prefix: 'demo-account' });
  await page.locator('#user-profile .cl-userProfile').waitFor();
  assert.equal(await page.textContent('#user-profile .cl-userProfile h1'), 'Profile details');
  await page.locator('#user-button').getByRole('button', { name: 'Open user menu' }).click();
  await page.getByRole('button', { name: 'Manage account' }).waitFor();
  await page.keyboard.press('Escape');

  const address = await devWalletOn(page);
  const section = page.locator('#user-profile section[data-section=web3Wallets]');
  await section.getByRole('button', { name: 'Connect wallet' }).click();
  await section.getByRole('button', { name: 'MetaMask' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dev wallet: signature request' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await section.locator('.cl-profileSectionItem').first().waitFor();
  const wallets = (await clerk.users.getUser(user.id)).web3Wallets;
  assert.deepEqual(wallets.map((w) => [w.web3Wallet.toLowerCase(), w.verification?.status]), [[address.toLowerCase(), 'verified']]);
  assert.deepEqual(page.problems, []);
});

test('the dev wallet is in neither pkg/ nor the npm package', () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(root, 'pkg'));
  assert.ok(files.some((f) => f.endsWith('clerk.js')), 'pkg/ is built');
  for (const f of files) {
    assert.doesNotMatch(f, /dev-wallet/, f);
    if (/\.(js|ts|json|md)$/.test(f)) assert.doesNotMatch(readFileSync(f, 'utf8'), /clerk-wasm-demo:dev-wallet|Dev wallet: signature request/, f);
  }
  const manifest = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
  assert.ok(!manifest.files.some((f) => /examples|dev-wallet|www/.test(f)), `files: ${manifest.files}`);
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: join(root, 'pkg'), encoding: 'utf8' }));
  const listed = packed.files.map((f) => f.path);
  assert.ok(listed.includes('clerk.js'));
  assert.deepEqual(listed.filter((p) => /dev-wallet|examples/.test(p)), []);
});
