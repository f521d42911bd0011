// The dev server's forgot-password, wallet sign-in / sign-up and profile-image routes (issue 14),
// driven by the official ClerkJS 6.40 — the oracle of the wire: what it sends must work. Codes
// come from the dev outbox; the wallet is an EIP-1193 provider injected into the page whose
// `personal_sign` is made in Node with a real secp256k1 key (@noble/curves, me-support.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backend, createUser, launchBrowser, newPage, outboxCode, servePages, startDevServer } from './harness.mjs';
import { addressOf, attemptIn, injectWallet } from './me-support.mjs';

let dev, wallets, clerk, browser, pages;

const page = (d) => `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${d.publishableKey}" data-clerk-proxy-url="${d.frontendApiUrl}"></script>
<script>window.addEventListener('load', async () => { await Clerk.load(); window.ready = true; });</script>
</body></html>`;

before(async () => {
  // A second instance where a wallet is the only identifier, so that a wallet sign-up has
  // nothing else to ask for (with email addresses on, Clerk's rule asks for one).
  const config = join(mkdtempSync(join(tmpdir(), 'clerk-wallets-')), 'clerk.toml');
  writeFileSync(config, '[identifiers]\nemail_address = false\nphone_number = false\nusername = false\nweb3_wallet = true\n');
  [dev, wallets] = await Promise.all([startDevServer(), startDevServer({ config })]);
  clerk = backend(dev);
  pages = await servePages({ '/clerkjs.html': page(dev), '/wallets.html': page(wallets) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
  wallets?.stop();
});

/** A ClerkJS page (on the wallet-only instance with `walletKey`, with an injected wallet that signs with that key). */
async function open(walletKey) {
  const page = await newPage(await browser.newContext());
  page.walletCalls = walletKey ? await injectWallet(page, walletKey) : [];
  await page.goto(`${pages.origin}/${walletKey ? 'wallets' : 'clerkjs'}.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

test('forgot password by email: reset code, wrong code refused, new password, signed in; the old password no longer works', async () => {
  const { user, email, password } = await createUser(clerk, { prefix: 'reset' });
  const page = await open();
  const prepared = await attemptIn(page, async (email) => {
    const si = await Clerk.client.signIn.create({ identifier: email });
    const factor = si.supportedFirstFactors.find((f) => f.strategy === 'reset_password_email_code');
    await si.prepareFirstFactor({ strategy: 'reset_password_email_code', emailAddressId: factor.emailAddressId });
    return { safe: factor.safeIdentifier, verification: si.firstFactorVerification.status };
  }, email);
  assert.deepEqual(prepared.ok, { safe: email, verification: 'unverified' });
  const wrong = await attemptIn(page, () => Clerk.client.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: '000000' }));
  assert.equal(wrong.err?.code, 'form_code_incorrect');
  const code = await outboxCode(dev, email);
  const done = await attemptIn(
    page,
    async ({ code }) => {
      const si = await Clerk.client.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code });
      const status = si.status;
      const after = await si.resetPassword({ password: 'a-brand-new-secret-42', signOutOfOtherSessions: true });
      await Clerk.setActive({ session: after.createdSessionId });
      return { status, after: after.status, user: Clerk.user.id };
    },
    { code },
  );
  assert.deepEqual(done.ok, { status: 'needs_new_password', after: 'complete', user: user.id });

  const other = await open();
  const old = await attemptIn(other, ({ email, password }) => Clerk.client.signIn.create({ identifier: email, password, strategy: 'password' }), { email, password });
  assert.equal(old.err?.code, 'form_password_incorrect');
  const fresh = await attemptIn(other, async ({ email }) => (await Clerk.client.signIn.create({ identifier: email, password: 'a-brand-new-secret-42', strategy: 'password' })).status, { email });
  assert.equal(fresh.ok, 'complete');
});

test('forgot password by SMS: the phone reset code works too', async () => {
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  const { user, email } = await createUser(clerk, { prefix: 'reset-sms', phoneNumber: [phone] });
  const page = await open();
  await attemptIn(page, async (email) => {
    const si = await Clerk.client.signIn.create({ identifier: email });
    const factor = si.supportedFirstFactors.find((f) => f.strategy === 'reset_password_phone_code');
    await si.prepareFirstFactor({ strategy: 'reset_password_phone_code', phoneNumberId: factor.phoneNumberId });
  }, email);
  const code = await outboxCode(dev, phone);
  const done = await attemptIn(
    page,
    async ({ code }) => {
      const si = await Clerk.client.signIn.attemptFirstFactor({ strategy: 'reset_password_phone_code', code });
      const after = await si.resetPassword({ password: 'another-new-secret-77' });
      return { status: after.status, created: !!after.createdSessionId };
    },
    { code },
  );
  assert.deepEqual(done.ok, { status: 'complete', created: true });
  const [session] = (await clerk.sessions.getSessionList({ userId: user.id, status: 'active' })).data;
  assert.ok(session, 'the reset signed the user in');
});

test('a too-short new password is refused at its field and changes nothing', async () => {
  const { email } = await createUser(clerk, { prefix: 'reset-short' });
  const page = await open();
  await attemptIn(page, async (email) => {
    const si = await Clerk.client.signIn.create({ identifier: email });
    const factor = si.supportedFirstFactors.find((f) => f.strategy === 'reset_password_email_code');
    await si.prepareFirstFactor({ strategy: 'reset_password_email_code', emailAddressId: factor.emailAddressId });
  }, email);
  const code = await outboxCode(dev, email);
  const r = await attemptIn(
    page,
    async ({ code }) => {
      const si = await Clerk.client.signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code });
      return si.resetPassword({ password: 'short' });
    },
    { code },
  );
  assert.equal(r.err?.paramName, 'password');
  assert.equal(await page.evaluate(() => Clerk.client.signIn.status), 'needs_new_password');
});

test('MetaMask: a new wallet signs up, then signs in; a wrong signer is refused', async () => {
  const key = randomBytes(32).toString('hex');
  const page = await open(key);
  const up = await attemptIn(page, async () => {
    await Clerk.authenticateWithMetamask({ redirectUrl: `${location.pathname}#signed-in` });
    // The session the sign-up created (ClerkJS hands it to the navigation it starts).
    const user = Clerk.client.signedInSessions[0]?.user;
    return { user: user?.id ?? null, wallets: user?.web3Wallets.map((w) => [w.web3Wallet.toLowerCase(), w.verification.status]) };
  });
  assert.ok(up.ok?.user, JSON.stringify(up));
  assert.deepEqual(up.ok.wallets, [[addressOf(key).toLowerCase(), 'verified']]);
  assert.deepEqual(page.walletCalls.map(([method]) => method), ['eth_requestAccounts', 'personal_sign']);

  const again = await open(key);
  const inAgain = await attemptIn(again, async () => {
    await Clerk.authenticateWithMetamask({ redirectUrl: `${location.pathname}#signed-in` });
    return Clerk.client.signedInSessions[0]?.user.id ?? null;
  });
  assert.equal(inAgain.ok, up.ok.user, 'the same wallet signs in as the same user');

  // The wallet answers with another key's signature: refused.
  const liar = await open(randomBytes(32).toString('hex'));
  await liar.evaluate((address) => {
    const real = window.ethereum.request;
    window.ethereum.request = async (a) => (a.method === 'eth_requestAccounts' ? [address] : real(a));
  }, addressOf(key).toLowerCase());
  const refused = await attemptIn(liar, () => Clerk.authenticateWithMetamask({ redirectUrl: location.href }));
  assert.ok(refused.err?.code, JSON.stringify(refused));
  assert.equal(await liar.evaluate(() => Clerk.client.signedInSessions.length), 0);
});

test('profile image: upload a PNG (served from the dev server as image/png), then remove it; a non-image is refused', async () => {
  const { user, email, password } = await createUser(clerk, { prefix: 'avatar' });
  const page = await open();
  await attemptIn(page, async ({ email, password }) => {
    const si = await Clerk.client.signIn.create({ identifier: email, password, strategy: 'password' });
    await Clerk.setActive({ session: si.createdSessionId });
  }, { email, password });
  // A 1×1 PNG.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const up = await attemptIn(page, async (png) => {
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const image = await Clerk.user.setProfileImage({ file: new Blob([bytes], { type: 'image/png' }) });
    await Clerk.user.reload();
    return { publicUrl: image.publicUrl, imageUrl: Clerk.user.imageUrl, hasImage: Clerk.user.hasImage };
  }, png);
  assert.equal(up.ok?.hasImage, true, JSON.stringify(up));
  assert.equal(up.ok.imageUrl, up.ok.publicUrl);
  const served = await fetch(up.ok.imageUrl);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/png');
  assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), Buffer.from(png, 'base64'));
  assert.equal((await clerk.users.getUser(user.id)).imageUrl, up.ok.imageUrl, 'the Backend API shows it too');

  const bad = await attemptIn(page, () => Clerk.user.setProfileImage({ file: new Blob(['<svg onload=alert(1)>'], { type: 'image/png' }) }));
  assert.equal(bad.err?.paramName, 'file', JSON.stringify(bad));

  const removed = await attemptIn(page, async () => {
    await Clerk.user.setProfileImage({ file: null });
    await Clerk.user.reload();
    return Clerk.user.hasImage;
  });
  assert.equal(removed.ok, false);
});

test('an unknown wallet address at sign-in is form_identifier_not_found (ClerkJS then signs up)', async () => {
  const page = await open(randomBytes(32).toString('hex'));
  const r = await attemptIn(page, (address) => Clerk.client.signIn.create({ identifier: address }), addressOf(randomBytes(32).toString('hex')).toLowerCase());
  assert.equal(r.err?.code, 'form_identifier_not_found');
});
