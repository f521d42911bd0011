// The User's methods (issue 4) driven through clerk-wasm in headless Chromium against the dev
// server: verification round trips (email and SMS codes from the dev outbox, a Web3 signature
// made here with a known key), wrong, expired and exhausted codes; primary switching; destroy
// rules; metadata rules (private metadata never reaches the browser); getSessions across two
// browsers; updatePassword signing other sessions out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceClock, backend, createUser, launchBrowser, newPage, outboxCode, servePages, startDevServer, ticket } from './harness.mjs';
import { addressOf, attempt, loadSdk, personalSign, signedInPage } from './me-support.mjs';

let dev, browser, clerk, pages;

before(async () => {
  dev = await startDevServer({ movableClock: true });
  clerk = backend(dev);
  pages = await servePages({ '/app.html': '<!doctype html><html><body><p>app</p></body></html>' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

/** A new user (email + password), signed in on a page with the SDK loaded as `window.sdk`. */
async function signedIn(extra = {}, contextOptions = {}) {
  const made = await createUser(clerk, extra);
  const page = await signedInPage(browser, dev, clerk, made.user.id, `${pages.origin}/app.html`, contextOptions);
  await loadSdk(page, dev);
  return { ...made, page };
}

const codeOf = (errOrOk) => errOrOk.err?.errors?.[0]?.code;

test('email: a code from the outbox verifies it; a wrong one, too many, and an expired one do not', async () => {
  const { page, user } = await signedIn({ prefix: 'email-rt' });
  const second = `second-${Date.now()}@example.com`;
  const created = await attempt(page, async (sdk, email) => {
    const e = await sdk.user.createEmailAddress({ email });
    const listed = sdk.user.emailAddresses.some((x) => x.id === e.id);
    await e.prepareVerification({ strategy: 'email_code' });
    return { id: e.id, listed, status: sdk.user.emailAddresses.find((x) => x.id === e.id).verification.status };
  }, second);
  assert.deepEqual({ listed: created.ok.listed, status: created.ok.status }, { listed: true, status: 'unverified' });
  const code = await outboxCode(dev, second);
  assert.match(code, /^\d{6}$/);

  // A wrong code: form_code_incorrect, still unverified.
  const wrong = await attempt(page, (sdk, { id, code }) => sdk.user.emailAddresses.find((x) => x.id === id).attemptVerification({ code }), { id: created.ok.id, code: code === '000000' ? '111111' : '000000' });
  assert.equal(codeOf(wrong), 'form_code_incorrect');
  assert.equal(wrong.err.errors[0].meta.paramName, 'code');
  // The right code verifies it; the user's primary email stays the first one.
  const ok = await attempt(page, async (sdk, { id, code }) => {
    const e = await sdk.user.emailAddresses.find((x) => x.id === id).attemptVerification({ code });
    return { status: e.verification.status, primary: sdk.user.primaryEmailAddressId };
  }, { id: created.ok.id, code });
  assert.deepEqual(ok.ok, { status: 'verified', primary: user.primaryEmailAddressId });

  // Too many wrong attempts: the third wrong code fails the verification; the right one no longer works.
  const third = `third-${Date.now()}@example.com`;
  const t = await attempt(page, async (sdk, email) => {
    const e = await sdk.user.createEmailAddress({ email });
    await e.prepareVerification({ strategy: 'email_code' });
    return e.id;
  }, third);
  const good = await outboxCode(dev, third);
  const bad = good === '000000' ? '111111' : '000000';
  const codes = [];
  for (let i = 0; i < 4; i++) {
    const r = await attempt(page, (sdk, { id, code }) => sdk.user.emailAddresses.find((x) => x.id === id).attemptVerification({ code }), { id: t.ok, code: i < 3 ? bad : good });
    codes.push(codeOf(r));
  }
  assert.deepEqual(codes.slice(0, 2), ['form_code_incorrect', 'form_code_incorrect']);
  assert.equal(codes[3], 'verification_failed', `after three wrong codes the right one is refused (${codes})`);

  // An expired code: prepared, then eleven minutes pass.
  const fourth = `fourth-${Date.now()}@example.com`;
  const f = await attempt(page, async (sdk, email) => {
    const e = await sdk.user.createEmailAddress({ email });
    await e.prepareVerification({ strategy: 'email_code' });
    return e.id;
  }, fourth);
  const late = await outboxCode(dev, fourth);
  await advanceClock(dev, 11 * 60 * 1000);
  const expired = await attempt(page, (sdk, { id, code }) => sdk.user.emailAddresses.find((x) => x.id === id).attemptVerification({ code }), { id: f.ok, code: late });
  assert.equal(codeOf(expired), 'verification_expired');
  const server = await clerk.users.getUser(user.id);
  const status = (email) => server.emailAddresses.find((x) => x.emailAddress === email)?.verification?.status;
  assert.deepEqual([status(second), status(third), status(fourth)], ['verified', 'failed', 'expired']);
  assert.deepEqual(page.problems, []);
});

test('phone: 15551234567 becomes +15551234567, an SMS code verifies it, then second factor', async () => {
  const { page, user } = await signedIn({ prefix: 'phone-rt' });
  const number = `1555${String(Date.now()).slice(-7)}`;
  const created = await attempt(page, async (sdk, phoneNumber) => {
    const p = await sdk.user.createPhoneNumber({ phoneNumber });
    await p.prepareVerification();
    return { id: p.id, phoneNumber: p.phoneNumber };
  }, number);
  assert.equal(created.ok.phoneNumber, `+${number}`);
  const code = await outboxCode(dev, `+${number}`);
  const done = await attempt(page, async (sdk, { id, code }) => {
    const p = await sdk.user.phoneNumbers.find((x) => x.id === id).attemptVerification({ code });
    // The first verified phone number becomes the primary one.
    const primary = sdk.user.primaryPhoneNumberId;
    await p.setReservedForSecondFactor({ reserved: true });
    const reserved = sdk.user.phoneNumbers.find((x) => x.id === id);
    await reserved.makeDefaultSecondFactor();
    const d = sdk.user.phoneNumbers.find((x) => x.id === id);
    return { status: d.verification.status, primary, reserved: d.reservedForSecondFactor, isDefault: d.defaultSecondFactor, twoFactor: sdk.user.twoFactorEnabled };
  }, { id: created.ok.id, code });
  assert.deepEqual(done.ok, { status: 'verified', primary: created.ok.id, reserved: true, isDefault: true, twoFactor: true });
  const server = await clerk.users.getUser(user.id);
  assert.equal(server.primaryPhoneNumberId, created.ok.id);
  assert.equal(server.phoneNumbers[0].reservedForSecondFactor, true);
});

test('web3: a personal_sign signature over the nonce verifies the wallet; a wrong signer does not', async () => {
  const { page, user } = await signedIn({ prefix: 'web3-rt' });
  const key = '8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63';
  const stranger = '0dbbe8e4ae425a6d2687f1a7e3ba17bc98c673636790f1b8ad91193c05875ef1';
  const address = addressOf(key);
  const prepared = await attempt(page, async (sdk, web3Wallet) => {
    const w = await sdk.user.createWeb3Wallet({ web3Wallet });
    const p = await w.prepareVerification({ strategy: 'web3_metamask_signature' });
    return { id: w.id, wallet: w.web3Wallet, message: p.verification.message, status: p.verification.status };
  }, address);
  assert.equal(prepared.ok.wallet, address);
  assert.equal(prepared.ok.status, 'unverified');
  assert.ok(prepared.ok.message && prepared.ok.message.length >= 16, 'a nonce to sign');

  // Signed by another key: verification_failed, nothing verified.
  const wrong = await attempt(page, (sdk, { id, signature }) => sdk.user.web3Wallets.find((x) => x.id === id).attemptVerification({ signature }), { id: prepared.ok.id, signature: personalSign(stranger, prepared.ok.message) });
  assert.equal(codeOf(wrong), 'verification_failed');
  let server = await clerk.users.getUser(user.id);
  assert.notEqual(server.web3Wallets[0].verification?.status, 'verified');

  // A fresh nonce, signed by the wallet's key: verified, and primary (the user's first wallet).
  const again = await attempt(page, async (sdk, id) => {
    const p = await sdk.user.web3Wallets.find((x) => x.id === id).prepareVerification({ strategy: 'web3_metamask_signature' });
    return p.verification.message;
  }, prepared.ok.id);
  assert.notEqual(again.ok, prepared.ok.message, 'each preparation has its own nonce');
  const ok = await attempt(page, async (sdk, { id, signature }) => {
    const w = await sdk.user.web3Wallets.find((x) => x.id === id).attemptVerification({ signature });
    return { status: w.verification.status, primary: sdk.user.primaryWeb3WalletId };
  }, { id: prepared.ok.id, signature: personalSign(key, again.ok) });
  assert.deepEqual(ok.ok, { status: 'verified', primary: prepared.ok.id });
  server = await clerk.users.getUser(user.id);
  assert.equal(server.primaryWeb3WalletId, prepared.ok.id);
});

test('primary switching and destroy rules', async () => {
  const { page, user, email } = await signedIn({ prefix: 'primary' });
  const other = `other-${Date.now()}@example.com`;
  const created = await attempt(page, async (sdk, email) => (await sdk.user.createEmailAddress({ email })).id, other);
  const id = created.ok;

  // An unverified address cannot be primary; nothing changes.
  const refused = await attempt(page, (sdk, id) => sdk.user.update({ primaryEmailAddressId: id }), id);
  assert.ok(refused.err, 'refused');
  assert.equal(refused.err.errors[0].meta?.paramName, 'primary_email_address_id');
  assert.equal((await clerk.users.getUser(user.id)).primaryEmailAddressId, user.primaryEmailAddressId);

  // Verified, it can.
  await attempt(page, (sdk, id) => sdk.user.emailAddresses.find((x) => x.id === id).prepareVerification({ strategy: 'email_code' }), id);
  const code = await outboxCode(dev, other);
  const switched = await attempt(page, async (sdk, { id, code }) => {
    await sdk.user.emailAddresses.find((x) => x.id === id).attemptVerification({ code });
    const u = await sdk.user.update({ primaryEmailAddressId: id });
    return { primary: u.primaryEmailAddressId, address: u.primaryEmailAddress.emailAddress };
  }, { id, code });
  assert.deepEqual(switched.ok, { primary: id, address: other });

  // The old primary can go; the last address (the only way to sign in) cannot.
  const removed = await attempt(page, async (sdk, oldId) => {
    await sdk.user.emailAddresses.find((x) => x.id === oldId).destroy();
    return sdk.user.emailAddresses.map((x) => x.emailAddress);
  }, user.primaryEmailAddressId);
  assert.deepEqual(removed.ok, [other]);
  const last = await attempt(page, (sdk, id) => sdk.user.emailAddresses.find((x) => x.id === id).destroy(), id);
  assert.equal(codeOf(last), 'last_required_identification_deletion_failed');
  const server = await clerk.users.getUser(user.id);
  assert.deepEqual(server.emailAddresses.map((x) => x.emailAddress), [other]);
  assert.notEqual(other, email);
});

test('metadata: update() replaces unsafe metadata, updateMetadata() merges it, public is read-only, private never reaches it', async () => {
  const { user } = await createUser(clerk, { prefix: 'meta' });
  const secret = `private-${Date.now()}-never-in-the-browser`;
  await clerk.users.updateUserMetadata(user.id, { privateMetadata: { secret }, publicMetadata: { plan: 'pro' } });
  const page = await newPage(await browser.newContext());
  const bodies = [];
  page.on('response', async (r) => {
    if (r.url().startsWith(dev.frontendApiUrl)) bodies.push(await r.text().catch(() => ''));
  });
  await page.goto(`${pages.origin}/app.html`);
  const { signInByTicket } = await import('./oauth-support.mjs');
  await signInByTicket(page, dev, await ticket(clerk, user.id));
  await loadSdk(page, dev);
  const r = await attempt(page, async (sdk) => {
    await sdk.user.update({ unsafeMetadata: { theme: { color: 'blue', size: 2 }, beta: true } });
    await sdk.user.update({ unsafeMetadata: { theme: { size: null }, lang: 'en' } });
    const replaced = sdk.user.unsafeMetadata;
    await sdk.user.updateMetadata({ unsafeMetadata: { beta: 1 } });
    await sdk.user.reload();
    const sessions = await sdk.user.getSessions();
    return {
      replaced,
      unsafe: sdk.user.unsafeMetadata,
      public: sdk.user.publicMetadata,
      hasPrivate: 'privateMetadata' in sdk.user,
      sessions: sessions.length,
      everywhere: JSON.stringify([sdk.user.unsafeMetadata, sdk.user.publicMetadata, sdk.client?.sessions?.length]),
    };
  });
  // update() replaces (a key sent as null is gone, as under ClerkJS); updateMetadata() merges.
  assert.deepEqual(r.ok.replaced, { theme: {}, lang: 'en' });
  assert.deepEqual(r.ok.unsafe, { theme: {}, lang: 'en', beta: 1 });
  assert.deepEqual(r.ok.public, { plan: 'pro' });
  assert.equal(r.ok.hasPrivate, false);
  // Deleting oneself is off by default (users are deleted through the Backend API).
  const del = await attempt(page, (sdk) => sdk.user.delete());
  assert.deepEqual({ code: codeOf(del), status: del.err.status }, { code: 'user_delete_self_not_enabled', status: 403 });
  assert.equal(await page.evaluate(() => window.sdk.user.deleteSelfEnabled), false);
  const server = await clerk.users.getUser(user.id);
  assert.deepEqual(server.unsafeMetadata, { theme: {}, lang: 'en', beta: 1 });
  assert.deepEqual(server.privateMetadata, { secret });
  // Not in one byte of any Frontend API response this page received.
  assert.ok(bodies.length >= 5, `responses seen: ${bodies.length}`);
  for (const b of bodies) assert.ok(!b.includes(secret) && !b.includes('private_metadata'), 'private metadata leaked');
});

test('getSessions lists the sessions of two browsers; updatePassword signs the other one out', async () => {
  const { page, user, email, password } = await signedIn({ prefix: 'sessions' }, { userAgent: undefined });
  const otherPage = await signedInPage(browser, dev, clerk, user.id, `${pages.origin}/app.html`, {
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
  await loadSdk(otherPage, dev);
  const listed = await attempt(page, async (sdk) =>
    (await sdk.user.getSessions()).map((s) => ({
      id: s.id,
      status: s.status,
      lastActive: s.lastActiveAt instanceof Date,
      browser: s.latestActivity?.browserName,
      mobile: s.latestActivity?.isMobile,
      ip: s.latestActivity?.ipAddress,
      current: s.id === sdk.session.id,
    })),
  );
  assert.equal(listed.ok.length, 2);
  const mine = listed.ok.find((s) => s.current);
  const theirs = listed.ok.find((s) => !s.current);
  assert.deepEqual({ status: mine.status, lastActive: mine.lastActive, ip: mine.ip, mobile: mine.mobile }, { status: 'active', lastActive: true, ip: '127.0.0.1', mobile: false });
  assert.match(mine.browser, /Chrom/);
  assert.deepEqual({ browser: theirs.browser, mobile: theirs.mobile }, { browser: 'Safari', mobile: true });

  // A wrong current password changes nothing.
  const wrong = await attempt(page, (sdk) => sdk.user.updatePassword({ currentPassword: 'not-the-password', newPassword: 'a-brand-new-passphrase' }));
  assert.equal(codeOf(wrong), 'form_password_incorrect');
  // The right one changes it and, asked to, ends the other browser's session.
  const changed = await attempt(page, (sdk, current) => sdk.user.updatePassword({ currentPassword: current, newPassword: 'a-brand-new-passphrase', signOutOfOtherSessions: true }).then((u) => u.passwordEnabled), password);
  assert.equal(changed.ok, true);
  const left = await attempt(page, async (sdk) => (await sdk.user.getSessions()).length);
  assert.equal(left.ok, 1);
  await otherPage.reload();
  await loadSdk(otherPage, dev);
  assert.equal(await otherPage.evaluate(() => window.sdk.user), null, 'the other browser is signed out');

  // The new password signs in; the old one does not.
  const fresh = await newPage(await browser.newContext());
  await fresh.goto(`${pages.origin}/app.html`);
  await loadSdk(fresh, dev);
  const old = await attempt(fresh, (sdk, { email, password }) => sdk.client.signIn.create({ identifier: email, password, strategy: 'password' }).then((s) => s.status), { email, password });
  assert.equal(codeOf(old), 'form_password_incorrect');
  const signIn = await attempt(fresh, (sdk, email) => sdk.client.signIn.create({ identifier: email, password: 'a-brand-new-passphrase', strategy: 'password' }).then((s) => s.status), email);
  assert.equal(signIn.ok, 'complete');
});
