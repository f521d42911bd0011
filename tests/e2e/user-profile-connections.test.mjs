// <UserProfile/>'s "Connected accounts" and "Web3 wallets" sections (issue 14), in headless
// Chromium against the real dev server (Notion and GitHub enabled): Notion connected through the
// mock provider's consent page (approve; deny, then "Reconnect"; more scopes asked by
// `additionalOAuthScopes`, then the account reauthorized), removed; a wallet added and verified
// through an injected EIP-1193 provider signing with a real secp256k1 key, a lying wallet and a
// refusal in the wallet (4001) leaving nothing behind, a page without a wallet told it needs one,
// the wallet removed. The create requests the UI makes are checked against the official
// @clerk/clerk-js making the calls its own UserProfile makes (ConnectedAccountsMenu.tsx,
// Web3Form.tsx), each against a dev server of its own, as me-parity.test.mjs does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, backend, capturedRequests, clearRequests, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { addressOf, personalSign } from './me-support.mjs';
import { decide, externalAccounts, onConsent, signInByTicket } from './oauth-support.mjs';

let dev, oracle, browser, clerk, pages;

/** The scopes the second page asks Notion for, besides its default ones. */
const EXTRA_SCOPE = 'write_content';

/** A page that mounts <UserProfile/> for the signed-in user with `props`. */
const profilePage = (d, props) => `<!doctype html><html><body><div id="profile"></div><script type="module">
import Clerk from '${d.frontendApiUrl}/pkg/clerk.js';
const clerk = new Clerk('${d.publishableKey}');
window.clerk = clerk;
await clerk.load();
if (clerk.user) clerk.mountUserProfile(document.getElementById('profile'), ${JSON.stringify(props)});
window.ready = true;
</script></body></html>`;

const clerkJsPage = (d) => `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${d.publishableKey}" data-clerk-proxy-url="${d.frontendApiUrl}"></script>
<script>window.addEventListener('load', async () => { await Clerk.load(); window.ready = true; });</script>
</body></html>`;

before(async () => {
  const config = join(mkdtempSync(join(tmpdir(), 'clerk-profile-connections-')), 'clerk.toml');
  writeFileSync(config, 'oauth_providers = ["notion", "github"]\n');
  [dev, oracle] = await Promise.all([startDevServer({ config }), startDevServer({ config })]);
  clerk = backend(dev);
  pages = await servePages({
    '/profile.html': profilePage(dev, {}),
    '/scopes.html': profilePage(dev, { additionalOAuthScopes: { notion: [EXTRA_SCOPE] } }),
    '/clerkjs.html': clerkJsPage(oracle),
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
  oracle?.stop();
});

/**
 * A new user signed in on `/<path>` with the profile mounted. `wallet(page)`, when given, sets
 * up the page's `window.ethereum` before anything loads.
 */
async function open(path = 'profile.html', { wallet, prefix = 'profile-conn' } = {}) {
  const { user, email } = await createUser(clerk, { prefix });
  const page = await newPage(await browser.newContext({ viewport: { width: 900, height: 900 } }));
  page.walletCalls = wallet ? await wallet(page) : [];
  await page.goto(`${pages.origin}/${path}`);
  await page.waitForFunction(() => window.ready);
  await signInByTicket(page, dev, await ticket(clerk, user.id));
  await page.locator('.cl-userProfile').waitFor();
  return { page, user, email };
}

const connected = (page) => page.locator('section[data-section=connectedAccounts]');
const wallets = (page) => page.locator('section[data-section=web3Wallets]');
const rows = (section) => section.locator('.cl-profileSectionItem');
const alert = (page) => page.locator('.cl-userProfile [data-role=alert]').first();

/** Clicks "Connect account", then the provider; resolves on the provider's consent page. */
async function connectNotion(page) {
  await connected(page).getByRole('button', { name: 'Connect account' }).click();
  await connected(page).getByRole('button', { name: 'Notion', exact: true }).click();
  await onConsent(page, dev, 'notion');
}

/** Back on the profile page `path`, once drawn. */
async function backOnProfile(page, path = 'profile.html') {
  await page.waitForURL((u) => u.href.startsWith(`${pages.origin}/${path}`));
  await page.locator('.cl-userProfile').waitFor();
}

/**
 * `externalAccount.reauthorize({additionalScopes: [EXTRA_SCOPE], redirectUrl})` as it reaches the
 * Frontend API: a POST with `_method=PATCH`, as ClerkJS sends it (the last test checks ClerkJS's).
 */
const REAUTHORIZE = {
  method: 'POST',
  path: '/v1/me/external_accounts/eac_<id>/reauthorize',
  queryKeys: ['__clerk_api_version', '_clerk_js_version', '_clerk_session_id', '_method'],
  body: [`additional_scope=${EXTRA_SCOPE}`, 'redirect_url'],
};

/** A form body's keys, in order, and the values of those whose values are the same on both sides. */
const bodyShape = (body) =>
  [...new URLSearchParams(body ?? '')].map(([k, v]) => (k === 'redirect_url' || k === 'web3_wallet' || k === 'signature' ? k : `${k}=${v}`));

/** A request's method, path with ids masked, query keys and form body shape. */
const shape = (r) => ({
  method: r.method,
  path: r.path.replace(/\b([a-z0-9]+)_[A-Za-z0-9]{16,}/g, '$1_<id>'),
  queryKeys: r.query.map(([k]) => k).sort(),
  body: bodyShape(r.body),
});

/** `window.ethereum` answering with `address` and signing with `signer` (private keys, hex); `refuse` makes personal_sign fail with EIP-1193 4001. */
async function injectWallet(page, { key, signer = key, refuse = false }) {
  const calls = [];
  await page.exposeFunction('__walletLog', (method, params) => calls.push([method, params]));
  await page.exposeFunction('__walletSign', (hex) => personalSign(signer, Buffer.from(hex.slice(2), 'hex').toString('utf8')));
  await page.addInitScript(
    ({ address, refuse }) => {
      window.ethereum = {
        request: async ({ method, params }) => {
          await window.__walletLog(method, params ?? []);
          if (method === 'eth_requestAccounts') return [address];
          if (method === 'personal_sign') {
            // What MetaMask rejects with when the user clicks "Reject" (an object, not an Error).
            if (refuse) throw { code: 4001, message: 'MetaMask Message Signature: User denied message signature.' };
            return window.__walletSign(params[0]);
          }
          throw new Error(`unsupported: ${method}`);
        },
      };
    },
    { address: addressOf(key).toLowerCase(), refuse },
  );
  return calls;
}

test('Connected accounts: Notion through the consent page, approved: listed verified, GitHub still offered', async () => {
  const { page, email } = await open();
  const section = connected(page);
  assert.equal(await section.locator('h2').textContent(), 'Connected accounts');
  assert.equal(await rows(section).count(), 0);
  // The keyboard opens the menu and lands in it; it offers the enabled providers.
  await section.getByRole('button', { name: 'Connect account' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.textContent === 'GitHub');
  assert.deepEqual(await section.locator('[data-menu] button').allTextContents(), ['GitHub', 'Notion', 'Cancel']);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // Notion
  await onConsent(page, dev, 'notion');
  assert.deepEqual(await page.locator('#scopes code').allTextContents(), ['read_content', 'read_user_with_email']);
  await decide(page, 'approve');
  await backOnProfile(page);
  await rows(connected(page)).first().waitFor();
  assert.deepEqual(await rows(connected(page)).locator('.cl-item-text').allTextContents(), [`Notion • ${email}`]);
  assert.equal(await rows(connected(page)).locator('.cl-badge').count(), 0);
  assert.equal(await connected(page).locator('.cl-item-note').count(), 0);
  const [notion] = await externalAccounts(page, dev);
  assert.deepEqual({ provider: notion.provider, status: notion.status }, { provider: 'notion', status: 'verified' });
  // Notion is connected: only GitHub is left to connect.
  await connected(page).getByRole('button', { name: 'Connect account' }).click();
  assert.deepEqual(await connected(page).locator('[data-menu] button').allTextContents(), ['GitHub', 'Cancel']);
  await page.screenshot({ path: join(artifacts, 'user-profile-connections.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
});

test('Connected accounts: a denied consent shows its error with "Reconnect", which connects it', async () => {
  const { page, email } = await open();
  await connectNotion(page);
  await decide(page, 'deny');
  await backOnProfile(page);
  const section = connected(page);
  await rows(section).first().waitFor();
  assert.deepEqual(await rows(section).locator('.cl-item-text').allTextContents(), ['Notion']);
  assert.deepEqual(await rows(section).locator('.cl-badge').allTextContents(), ['Unverified']);
  const note = section.locator('.cl-item-note');
  assert.match(await note.textContent(), /You did not grant access to your Notion account/);
  assert.deepEqual((await externalAccounts(page, dev)).map((a) => [a.status, a.errorCode]), [['failed', 'oauth_access_denied']]);

  // GitHub, connected after it, is listed first: the verified accounts, then the failed ones.
  await section.getByRole('button', { name: 'Connect account' }).click();
  await section.getByRole('button', { name: 'GitHub', exact: true }).click();
  await onConsent(page, dev, 'github');
  await decide(page, 'approve');
  await backOnProfile(page);
  await page.waitForFunction(() => document.querySelectorAll('section[data-section=connectedAccounts] .cl-profileSectionItem').length === 2);
  assert.deepEqual(await rows(section).locator('.cl-item-text').allTextContents(), [`GitHub • ${email}`, 'Notion']);

  await note.getByRole('button', { name: 'Reconnect' }).click();
  await onConsent(page, dev, 'notion');
  await decide(page, 'approve');
  await backOnProfile(page);
  await page.waitForFunction(() => document.querySelectorAll('section[data-section=connectedAccounts] .cl-badge').length === 0);
  assert.equal(await connected(page).locator('.cl-item-note').count(), 0);
  assert.deepEqual((await externalAccounts(page, dev)).map((a) => [a.provider, a.status]).sort(), [['github', 'verified'], ['notion', 'verified']]);
  // Both providers connected: nothing left to connect.
  assert.equal(await connected(page).getByRole('button', { name: 'Connect account' }).count(), 0);
  assert.deepEqual(page.problems, []);
});

test('Connected accounts: "Remove" asks first, Cancel keeps the account, Remove disconnects it', async () => {
  const { page, user } = await open();
  await connectNotion(page);
  await decide(page, 'approve');
  await backOnProfile(page);
  const section = connected(page);
  await section.getByRole('button', { name: 'Remove' }).click();
  const form = section.locator('form');
  assert.equal(await form.locator('h3').textContent(), 'Remove connected account');
  assert.match(await form.textContent(), /Notion will be removed from this account\./);
  // The focus is in the confirmation (on its "Remove"); Shift+Tab and Enter: Cancel.
  await page.waitForFunction(() => document.activeElement?.closest('form')?.dataset.action?.startsWith('connected:destroy:'));
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancel');
  await page.keyboard.press('Enter');
  await form.waitFor({ state: 'detached' });
  assert.equal(await rows(section).count(), 1);

  await section.getByRole('button', { name: 'Remove' }).click();
  await form.getByRole('button', { name: 'Remove' }).click();
  await page.waitForFunction(() => !document.querySelector('section[data-section=connectedAccounts] .cl-profileSectionItem'));
  assert.deepEqual((await clerk.users.getUser(user.id)).externalAccounts, []);
  // Notion can be connected again.
  await section.getByRole('button', { name: 'Connect account' }).click();
  assert.deepEqual(await section.locator('[data-menu] button').allTextContents(), ['GitHub', 'Notion', 'Cancel']);
  assert.deepEqual(page.problems, []);
});

test('Connected accounts: additionalOAuthScopes asks for the new scope at connection, and an account without it is reauthorized', async () => {
  // Connected on the page without extra scopes: the default scopes only.
  const { page } = await open();
  await connectNotion(page);
  await decide(page, 'approve');
  await backOnProfile(page);
  await rows(connected(page)).first().waitFor();
  assert.equal(await connected(page).locator('.cl-item-note').count(), 0);
  const [before] = await externalAccounts(page, dev);
  assert.equal(before.approvedScopes, 'read_content read_user_with_email');

  // On the page that asks for one more scope, the account lacks it: "Reconnect" reauthorizes.
  await page.goto(`${pages.origin}/scopes.html`);
  await page.locator('.cl-userProfile').waitFor();
  const note = connected(page).locator('.cl-item-note');
  assert.equal(await note.textContent(), 'This account has been disconnected.Reconnect');
  await clearRequests(dev);
  await note.getByRole('button', { name: 'Reconnect' }).click();
  await onConsent(page, dev, 'notion');
  assert.deepEqual(await page.locator('#scopes code').allTextContents(), ['read_content', 'read_user_with_email', EXTRA_SCOPE]);
  const [reauthorize] = await capturedRequests(dev, '/v1/me/external_accounts');
  assert.deepEqual(shape(reauthorize), REAUTHORIZE); // ClerkJS's too: see the last test
  assert.equal(new URLSearchParams(reauthorize.query).get('_method'), 'PATCH');
  assert.equal(new URLSearchParams(reauthorize.body).get('redirect_url'), `${pages.origin}/scopes.html`);
  await decide(page, 'approve');
  await backOnProfile(page, 'scopes.html');
  await rows(connected(page)).first().waitFor();
  assert.equal(await connected(page).locator('.cl-item-note').count(), 0);
  const [after] = await externalAccounts(page, dev);
  assert.equal(after.id, before.id);
  assert.equal(after.status, 'verified');
  assert.equal(after.approvedScopes.split(' ').includes(EXTRA_SCOPE), true);

  // A new connection from that page asks for the scope from the start.
  const other = await open('scopes.html');
  await connectNotion(other.page);
  assert.deepEqual(await other.page.locator('#scopes code').allTextContents(), ['read_content', 'read_user_with_email', EXTRA_SCOPE]);
  assert.deepEqual([...page.problems, ...other.page.problems], []);
});

test('Web3 wallets: "Connect wallet" → MetaMask adds the wallet, signed and verified; it can be removed', async () => {
  const key = randomBytes(32).toString('hex');
  const { page, user } = await open('profile.html', { wallet: (p) => injectWallet(p, { key }) });
  const section = wallets(page);
  assert.equal(await section.locator('h2').textContent(), 'Web3 wallets');
  await section.getByRole('button', { name: 'Connect wallet' }).click();
  await section.getByRole('button', { name: 'MetaMask' }).click();
  await rows(section).first().waitFor();
  const address = addressOf(key);
  const [stored] = (await clerk.users.getUser(user.id)).web3Wallets.map((w) => w.web3Wallet);
  assert.equal(stored.toLowerCase(), address.toLowerCase());
  // ClerkJS's shortening of the address, the whole address in the title.
  const text = rows(section).locator('.cl-item-text');
  assert.equal(await text.textContent(), `MetaMask (${stored.slice(0, 6)}...${stored.slice(-4)})`);
  assert.equal(await text.getAttribute('title'), stored);
  assert.deepEqual(await rows(section).locator('.cl-badge').allTextContents(), ['Primary']);
  // personal_sign got the message's bytes in hex and the address, as ClerkJS sends them.
  assert.deepEqual(page.walletCalls.map(([m]) => m), ['eth_requestAccounts', 'personal_sign']);
  assert.match(page.walletCalls[1][1][0], /^0x[0-9a-f]+$/);
  assert.equal(page.walletCalls[1][1][1], address.toLowerCase());
  const saved = await clerk.users.getUser(user.id);
  assert.deepEqual(saved.web3Wallets.map((w) => [w.web3Wallet.toLowerCase(), w.verification?.status]), [[address.toLowerCase(), 'verified']]);
  // A verified MetaMask wallet is connected: ClerkJS offers no other.
  assert.equal(await section.getByRole('button', { name: 'Connect wallet' }).count(), 0);

  await section.getByRole('button', { name: 'Remove wallet' }).click();
  const form = section.locator('form');
  assert.equal(await form.locator('h3').textContent(), 'Remove web3 wallet');
  assert.match(await form.textContent(), /will be removed from this account\. You will no longer be able to sign in using this web3 wallet\./);
  await form.getByRole('button', { name: 'Remove' }).click();
  await form.waitFor({ state: 'detached' });
  assert.equal(await rows(section).count(), 0);
  assert.deepEqual((await clerk.users.getUser(user.id)).web3Wallets, []);
  assert.equal(await section.getByRole('button', { name: 'Connect wallet' }).count(), 1);
  assert.deepEqual(page.problems, []);
});

test('Web3 wallets: primary first; "Set as primary" on another verified wallet makes it the primary one', async () => {
  const key = randomBytes(32).toString('hex');
  const second = randomBytes(32).toString('hex');
  const { page, user } = await open('profile.html', { wallet: (p) => injectWallet(p, { key }) });
  const section = wallets(page);
  await section.getByRole('button', { name: 'Connect wallet' }).click();
  await section.getByRole('button', { name: 'MetaMask' }).click();
  await rows(section).first().waitFor();
  // A second wallet, verified through the SDK (signed here in Node); the profile redraws.
  const message = await page.evaluate(async (address) => {
    const w = await window.clerk.user.createWeb3Wallet({ web3Wallet: address });
    return (await w.prepareVerification({ strategy: 'web3_metamask_signature' })).verification.message;
  }, addressOf(second));
  await page.evaluate(
    ({ address, signature }) => window.clerk.user.web3Wallets.find((w) => w.web3Wallet.toLowerCase() === address.toLowerCase()).attemptVerification({ signature }),
    { address: addressOf(second), signature: personalSign(second, message) },
  );
  await page.waitForFunction(() => document.querySelectorAll('section[data-section=web3Wallets] .cl-profileSectionItem').length === 2);
  const titles = () => rows(section).locator('.cl-item-text').evaluateAll((l) => l.map((e) => e.title.toLowerCase()));
  assert.deepEqual(await titles(), [addressOf(key).toLowerCase(), addressOf(second).toLowerCase()]);
  assert.deepEqual(await rows(section).nth(0).locator('.cl-badge').allTextContents(), ['Primary']);
  assert.equal(await rows(section).nth(0).getByRole('button', { name: 'Set as primary' }).count(), 0);

  await rows(section).nth(1).getByRole('button', { name: 'Set as primary' }).click();
  await page.waitForFunction((a) => document.querySelector('section[data-section=web3Wallets] .cl-item-text')?.title.toLowerCase() === a, addressOf(second).toLowerCase());
  assert.deepEqual(await titles(), [addressOf(second).toLowerCase(), addressOf(key).toLowerCase()]);
  assert.deepEqual(await rows(section).nth(0).locator('.cl-badge').allTextContents(), ['Primary']);
  const saved = await clerk.users.getUser(user.id);
  assert.equal(saved.web3Wallets.find((w) => w.id === saved.primaryWeb3WalletId).web3Wallet.toLowerCase(), addressOf(second).toLowerCase());
  assert.deepEqual(page.problems, []);
});

test('Web3 wallets: a wallet that signs for another address is refused, the error shown, nothing added', async () => {
  const key = randomBytes(32).toString('hex');
  const signer = randomBytes(32).toString('hex');
  const { page, user } = await open('profile.html', { wallet: (p) => injectWallet(p, { key, signer }) });
  await wallets(page).getByRole('button', { name: 'Connect wallet' }).click();
  await wallets(page).getByRole('button', { name: 'MetaMask' }).click();
  await page.waitForFunction(() => document.querySelector('.cl-userProfile [data-role=alert]')?.textContent !== '');
  const shown = await alert(page).textContent();
  assert.ok(shown.length > 0);
  assert.deepEqual(page.walletCalls.map(([m]) => m), ['eth_requestAccounts', 'personal_sign']);
  await page.waitForFunction(() => document.querySelector('.cl-userProfile')?.getAttribute('aria-busy') !== 'true');
  assert.deepEqual((await clerk.users.getUser(user.id)).web3Wallets, []);
  assert.equal(await rows(wallets(page)).count(), 0);
  // The same error the Frontend API gives a wrong signature through the SDK.
  const direct = await page.evaluate(async (address) => {
    const w = await window.clerk.user.createWeb3Wallet({ web3Wallet: address });
    await w.prepareVerification({ strategy: 'web3_metamask_signature' });
    try {
      await w.attemptVerification({ signature: `0x${'11'.repeat(64)}1b` });
    } catch (e) {
      await w.destroy();
      return e.errors[0].longMessage || e.errors[0].message;
    }
  }, addressOf(key));
  assert.equal(shown, direct);
});

test('Web3 wallets: refusing in the wallet (4001) says so and leaves nothing behind', async () => {
  const key = randomBytes(32).toString('hex');
  const { page, user } = await open('profile.html', { wallet: (p) => injectWallet(p, { key, refuse: true }) });
  await wallets(page).getByRole('button', { name: 'Connect wallet' }).click();
  await wallets(page).getByRole('button', { name: 'MetaMask' }).click();
  await alert(page).filter({ hasText: 'You rejected the request in your wallet. No wallet was added.' }).waitFor();
  assert.deepEqual(page.walletCalls.map(([m]) => m), ['eth_requestAccounts', 'personal_sign']);
  assert.deepEqual((await clerk.users.getUser(user.id)).web3Wallets, []);
  assert.equal(await rows(wallets(page)).count(), 0);
  // The buttons work again.
  assert.equal(await wallets(page).getByRole('button', { name: 'MetaMask' }).isEnabled(), true);
});

test('Web3 wallets: without a wallet in the browser, "Connect wallet" says one is needed', async () => {
  const { page, user } = await open();
  await wallets(page).getByRole('button', { name: 'Connect wallet' }).click();
  await wallets(page).getByRole('button', { name: 'MetaMask' }).click();
  await alert(page).filter({ hasText: 'A Web3 Wallet extension cannot be found. Please install one to continue.' }).waitFor();
  assert.deepEqual((await clerk.users.getUser(user.id)).web3Wallets, []);
  assert.deepEqual(page.problems, []);
});

test("the UI's createExternalAccount and createWeb3Wallet requests are ClerkJS's", async () => {
  // Ours: the profile's buttons.
  const key = randomBytes(32).toString('hex');
  const { page } = await open('scopes.html', { wallet: (p) => injectWallet(p, { key }) });
  await clearRequests(dev);
  await wallets(page).getByRole('button', { name: 'Connect wallet' }).click();
  await wallets(page).getByRole('button', { name: 'MetaMask' }).click();
  await rows(wallets(page)).first().waitFor();
  await connectNotion(page);
  const ours = (await capturedRequests(dev, '/v1/me')).filter((r) => r.method !== 'GET').map(shape);

  // ClerkJS: the calls its UserProfile makes (Web3Form.tsx's connect, ConnectMenuButton's
  // createExternalAccount with `additionalOAuthScopes[provider]` and the page's address).
  const { user } = await createUser(backend(oracle), { prefix: 'profile-conn-cjs' });
  const cjs = await newPage(await browser.newContext());
  await injectWallet(cjs, { key });
  await cjs.goto(`${pages.origin}/clerkjs.html`);
  await cjs.waitForFunction(() => window.ready);
  const token = await ticket(backend(oracle), user.id);
  await cjs.evaluate(async (token) => {
    const si = await Clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await Clerk.setActive({ session: si.createdSessionId });
  }, token);
  await clearRequests(oracle);
  await cjs.evaluate(async (scope) => {
    const [identifier] = await window.ethereum.request({ method: 'eth_requestAccounts' });
    let w = await Clerk.user.createWeb3Wallet({ web3Wallet: identifier });
    w = await w.prepareVerification({ strategy: 'web3_metamask_signature' });
    const hex = `0x${[...new TextEncoder().encode(w.verification.message)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    const signature = await window.ethereum.request({ method: 'personal_sign', params: [hex, identifier] });
    await w.attemptVerification({ signature });
    const ea = await Clerk.user.createExternalAccount({ strategy: 'oauth_notion', redirectUrl: window.location.href, additionalScopes: [scope] });
    // ConnectedAccountsSection.tsx's reconnect of an account that lacks scopes.
    await ea.reauthorize({ additionalScopes: [scope], redirectUrl: window.location.href });
  }, EXTRA_SCOPE);
  const theirs = (await capturedRequests(oracle, '/v1/me')).filter((r) => r.method !== 'GET').map(shape);
  assert.deepEqual(theirs.pop(), REAUTHORIZE);

  assert.deepEqual(
    theirs.map((r) => `${r.method} ${r.path}`),
    ['POST /v1/me/web3_wallets/', 'POST /v1/me/web3_wallets/idn_<id>/prepare_verification', 'POST /v1/me/web3_wallets/idn_<id>/attempt_verification', 'POST /v1/me/external_accounts'],
  );
  assert.deepEqual(ours, theirs);
});
