// The UserProfile component's Account page ("Profile details", issue 14) used by a person
// (Playwright) against the dev server: a signed-in user's page mounts it, and every round trip
// goes through the UI — email addresses and phone numbers added with codes from the dev outbox,
// verified, made primary, removed; names, username and profile image updated; every refusal
// shown at its field (or in its form). The add-email flow is done with the keyboard alone. The
// requests the UI's create calls make are checked against the official ClerkJS's for the same
// calls. Screenshots go to tests/e2e/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advanceClock, artifacts, backend, capturedRequests, clearRequests, createUser, launchBrowser, newPage, outboxCode, servePages, startDevServer, ticket, uniqueEmail } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

let dev, browser, clerk, pages;
const others = [];

/** A page that shows the signed-in user's profile (`clerk.mountUserProfile`). */
const profilePage = (fapi, key) => `<!doctype html><html><body><div id="profile"></div><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
await clerk.load();
if (clerk.user) clerk.mountUserProfile(document.getElementById('profile'));
window.ready = true;
</script></body></html>`;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  dev = await startDevServer({ movableClock: true });
  clerk = backend(dev);
  pages = await servePages({ '/profile.html': profilePage(dev.frontendApiUrl, dev.publishableKey) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
  for (const o of others) {
    await o.pages?.close();
    o.dev?.stop();
  }
});

/** A new user signed in on the profile page, the component drawn. */
async function open(extra = {}, on = { dev, clerk, pages }) {
  const made = await createUser(on.clerk, extra);
  const page = await newPage(await browser.newContext({ viewport: { width: 1000, height: 900 } }));
  await page.goto(`${on.pages.origin}/profile.html`);
  await signInByTicket(page, on.dev, await ticket(on.clerk, made.user.id));
  await page.waitForFunction(() => window.ready);
  await page.waitForSelector('.cl-userProfile h1');
  return { ...made, page };
}

/** The row of a section showing `text`. */
const row = (page, text) => page.locator('.cl-item', { has: page.locator('.cl-item-text', { hasText: text }) });

/** The open inline form titled `title`. */
const form = (page, title) => page.locator(`form[aria-label="${title}"]`);

/** The error shown at the input named `name` (which says it is invalid and points to it). */
async function fieldError(page, name) {
  const input = page.locator(`form input[name=${name}][aria-invalid=true]`);
  await input.waitFor();
  return page.textContent(`#${await input.getAttribute('aria-describedby')}`);
}

const activeAction = (page) => page.evaluate(() => document.activeElement?.dataset.action ?? document.activeElement?.name ?? null);
const activeName = (page) => page.evaluate(() => document.activeElement?.name ?? null);
const user = (page, fn, arg) => page.evaluate(({ src, arg }) => new Function(`return (${src})`)()(window.clerk.user, arg), { src: fn.toString(), arg });

/** Waits until no inline form is open (the component went back to its lists). */
const formsClosed = (page) => page.waitForFunction(() => !document.querySelector('.cl-userProfile form'));

/** "Add …" → the identifier → "Add": the code form for it opens. */
async function startAdding(page, kind, value) {
  const [button, name, title] = kind === 'email' ? ['Add email address', 'email_address', 'Verify email address'] : ['Add phone number', 'phone_number', 'Verify phone number'];
  await page.getByRole('button', { name: button }).click();
  await page.fill(`form input[name=${name}]`, value);
  await page.click('form button[type=submit]');
  await form(page, title).locator('input[name=code]').waitFor();
}

/** Enters the code in the open code form and verifies. */
async function enterCode(page, code) {
  await page.fill('form input[name=code]', code);
  await page.click('form button[type=submit]');
}

/** Adds and verifies an email address or phone number through the UI. */
async function addVerified(page, kind, value) {
  await startAdding(page, kind, value);
  await enterCode(page, await outboxCode(dev, value));
  await formsClosed(page);
}

test('the Account page: ClerkJS\'s sections, the user\'s profile and primary email', async () => {
  const { page, email } = await open({ prefix: 'page' });
  assert.equal(await page.textContent('.cl-userProfile h1'), 'Profile details');
  const titles = await page.locator('.cl-userProfile h2').allTextContents();
  assert.deepEqual(titles.slice(0, 4), ['Profile', 'Username', 'Email addresses', 'Phone numbers']);
  assert.equal(await page.locator('[data-section=profile] .cl-item-text').textContent(), 'Pat Example');
  assert.equal(await page.getAttribute('[data-section=profile] img.cl-avatar', 'src'), await user(page, (u) => u.imageUrl));
  assert.deepEqual(await row(page, email).locator('.cl-badge').allTextContents(), ['Primary']);
  assert.deepEqual(await row(page, email).getByRole('button').allTextContents(), ['Remove email']);
  await page.screenshot({ path: join(artifacts, 'user-profile-account.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
});

test('keyboard alone: "Add email address", the address, Enter, the code from the outbox, Enter — verified; the focus follows', async () => {
  const { page } = await open({ prefix: 'kbd' });
  // Tab to "Add email address" from the top of the page.
  for (let i = 0; i < 30 && (await activeAction(page)) !== 'email:add'; i++) await page.keyboard.press('Tab');
  assert.equal(await activeAction(page), 'email:add');
  await page.keyboard.press('Enter');
  await form(page, 'Add email address').waitFor();
  assert.equal(await activeName(page), 'email_address', 'the focus lands in the new form\'s field');
  assert.match(await form(page, 'Add email address').textContent(), /You'll need to verify this email address before it can be added to your account\./);
  const email = uniqueEmail('kbd-added');
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  const verify = form(page, 'Verify email address');
  await verify.waitFor();
  assert.equal(await activeName(page), 'code');
  assert.match(await verify.textContent(), new RegExp(`Enter the verification code sent to ${email.replace(/[.]/g, '\\.')}`));
  assert.deepEqual(await row(page, email).locator('.cl-badge').allTextContents(), ['Unverified']);
  await page.screenshot({ path: join(artifacts, 'user-profile-verify-email.png'), fullPage: true });
  await page.keyboard.type(await outboxCode(dev, email));
  await page.keyboard.press('Enter');
  await formsClosed(page);
  assert.equal(await page.textContent('.cl-notice'), `The email ${email} has been added to your account.`);
  assert.deepEqual(await row(page, email).locator('.cl-badge').allTextContents(), []);
  assert.equal(await user(page, (u, e) => u.emailAddresses.find((x) => x.emailAddress === e)?.verification.status, email), 'verified');
  assert.equal(await activeAction(page), 'email:add', 'the focus is back on the button that opened the form');
  assert.equal(await page.getAttribute('.cl-root', 'aria-busy'), 'false', 'no longer busy');
  assert.deepEqual(page.problems, []);
});

test('email addresses: set as primary, verify an unverified one, remove one after the confirmation', async () => {
  const { page, email } = await open({ prefix: 'rows' });
  const second = uniqueEmail('second');
  await addVerified(page, 'email', second);

  // "Set as primary" on the verified, non-primary address.
  const first = await user(page, (u) => u.primaryEmailAddressId);
  await row(page, second).getByRole('button', { name: 'Set as primary' }).click();
  await page.waitForFunction((e) => window.clerk.user.primaryEmailAddress?.emailAddress === e, second);
  assert.notEqual(await user(page, (u) => u.primaryEmailAddressId), first);
  await row(page, second).locator('.cl-badge', { hasText: 'Primary' }).waitFor();
  assert.deepEqual(await page.locator('[data-section=email] .cl-item-text').allTextContents(), [second, email], 'the primary first');
  assert.deepEqual(await row(page, email).getByRole('button').allTextContents(), ['Set as primary', 'Remove email']);

  // An address added elsewhere (the page's own SDK call) shows as unverified; "Verify" sends a code.
  const third = uniqueEmail('third');
  await page.evaluate((e) => window.clerk.user.createEmailAddress({ email: e }), third);
  await row(page, third).locator('.cl-badge', { hasText: 'Unverified' }).waitFor();
  await row(page, third).getByRole('button', { name: 'Verify', exact: true }).click();
  await form(page, 'Verify email address').waitFor();
  await enterCode(page, await outboxCode(dev, third));
  await formsClosed(page);
  assert.equal(await user(page, (u, e) => u.emailAddresses.find((x) => x.emailAddress === e)?.verification.status, third), 'verified');

  // "Remove email" asks first; "Cancel" keeps the address.
  await row(page, email).getByRole('button', { name: 'Remove email' }).click();
  const confirm = form(page, 'Remove email address');
  await confirm.waitFor();
  assert.equal(await confirm.locator('.cl-form-text').textContent(), `${email} will be removed from this account. You will no longer be able to sign in using this email address.`);
  await page.screenshot({ path: join(artifacts, 'user-profile-remove-email.png'), fullPage: true });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await formsClosed(page);
  assert.equal(await user(page, (u) => u.emailAddresses.length), 3);
  await row(page, email).getByRole('button', { name: 'Remove email' }).click();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await formsClosed(page);
  assert.deepEqual(await user(page, (u) => u.emailAddresses.map((x) => x.emailAddress).sort()), [second, third].sort());
  assert.equal(await row(page, email).count(), 0);
  assert.equal(await page.textContent('.cl-notice'), `${email} has been removed from your account.`);
  assert.deepEqual(page.problems, []);
});

test('email refusals at the field: a taken address, a malformed one (refused before any request), a wrong code; an expired code in its form, then "Resend"', async () => {
  const { page } = await open({ prefix: 'refusals' });
  const taken = (await createUser(clerk, { prefix: 'taken' })).email;
  await page.getByRole('button', { name: 'Add email address' }).click();
  await page.fill('form input[name=email_address]', taken);
  await page.click('form button[type=submit]');
  assert.equal(await fieldError(page, 'email_address'), 'That email address is taken. Please try another.');
  assert.equal(await activeName(page), 'email_address');
  await page.screenshot({ path: join(artifacts, 'user-profile-email-taken.png'), fullPage: true });

  await clearRequests(dev);
  await page.fill('form input[name=email_address]', 'not-an-email');
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => /valid email address/.test(document.querySelector('form .cl-field-error')?.textContent));
  assert.match(await fieldError(page, 'email_address'), /must be a valid email address/);
  assert.deepEqual((await capturedRequests(dev, '/v1/me')).map((r) => r.method + ' ' + r.path), [], 'no request for a malformed address');

  const added = uniqueEmail('codes');
  await page.fill('form input[name=email_address]', added);
  await page.click('form button[type=submit]');
  await form(page, 'Verify email address').waitFor();
  const code = await outboxCode(dev, added);
  await enterCode(page, code === '000000' ? '111111' : '000000');
  assert.match(await fieldError(page, 'code'), /incorrect/i);

  // Eleven minutes later the code has expired: the Frontend API names no field, so the message
  // is the code form's own alert.
  await advanceClock(dev, 11 * 60 * 1000);
  await page.fill('form input[name=code]', code);
  await page.click('form button[type=submit]');
  const alert = form(page, 'Verify email address').locator('[role=alert]');
  await alert.filter({ hasText: /expired/i }).waitFor();
  assert.notEqual(await user(page, (u, e) => u.emailAddresses.find((x) => x.emailAddress === e)?.verification.status, added), 'verified');

  // "Didn't receive a code? Resend" sends a new one, which verifies.
  await page.getByRole('button', { name: "Didn't receive a code? Resend" }).click();
  // The component is busy until the SDK's call has settled, i.e. the new code is sent.
  await page.waitForFunction(() => !document.querySelector('.cl-root.cl-busy'));
  const fresh = await outboxCode(dev, added);
  assert.notEqual(fresh, code);
  await enterCode(page, fresh);
  await formsClosed(page);
  assert.equal(await user(page, (u, e) => u.emailAddresses.find((x) => x.emailAddress === e)?.verification.status, added), 'verified');
  assert.deepEqual(page.problems, []);
});

test('phone numbers: add with the SMS code (a wrong one refused at the field), set as primary, remove', async () => {
  const { page } = await open({ prefix: 'phones' });
  const stamp = String(Date.now()).slice(-6);
  const [one, two] = [`+1555${stamp}1`, `+1555${stamp}2`];
  await startAdding(page, 'phone', one);
  assert.match(await page.textContent('.cl-userProfile form'), /Enter the verification code sent to \+1555/);
  const code = await outboxCode(dev, one);
  await enterCode(page, code === '000000' ? '111111' : '000000');
  assert.match(await fieldError(page, 'code'), /incorrect/i);
  await enterCode(page, code);
  await formsClosed(page);
  assert.equal(await page.textContent('.cl-notice'), `${one} has been added to your account.`);
  assert.equal(await user(page, (u, p) => u.phoneNumbers.find((x) => x.phoneNumber === p)?.verification.status, one), 'verified');

  await addVerified(page, 'phone', two);
  const primary = await user(page, (u) => u.primaryPhoneNumber?.phoneNumber ?? null);
  const other = primary === one ? two : one;
  await row(page, other).getByRole('button', { name: 'Set as primary' }).click();
  await page.waitForFunction((p) => window.clerk.user.primaryPhoneNumber?.phoneNumber === p, other);
  await row(page, other).locator('.cl-badge', { hasText: 'Primary' }).waitFor();

  await row(page, primary ?? one).getByRole('button', { name: 'Remove phone number' }).click();
  const confirm = form(page, 'Remove phone number');
  assert.match(await confirm.locator('.cl-form-text').textContent(), /will be removed from this account\. You will no longer be able to sign in using this phone number\./);
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await formsClosed(page);
  assert.deepEqual(await user(page, (u) => u.phoneNumbers.map((x) => x.phoneNumber)), [other]);
  await page.screenshot({ path: join(artifacts, 'user-profile-phones.png'), fullPage: true });

  // A malformed number is refused at its field before any request.
  await page.getByRole('button', { name: 'Add phone number' }).click();
  await page.fill('form input[name=phone_number]', '12');
  await page.click('form button[type=submit]');
  assert.match(await fieldError(page, 'phone_number'), /E\.164/);
  assert.deepEqual(page.problems, []);
});

test('"Update profile" saves the first and last names; "Set username" and "Update username"; a taken or short username is refused at its field', async () => {
  const { page } = await open({ prefix: 'names' });
  await page.getByRole('button', { name: 'Update profile' }).click();
  const edit = form(page, 'Update profile');
  assert.equal(await edit.locator('input[name=first_name]').inputValue(), 'Pat');
  assert.equal(await activeName(page), 'first_name');
  await page.screenshot({ path: join(artifacts, 'user-profile-update.png'), fullPage: true });
  await edit.locator('input[name=first_name]').fill('Ada');
  await edit.locator('input[name=last_name]').fill('Lovelace');
  await edit.getByRole('button', { name: 'Save' }).click();
  await formsClosed(page);
  assert.deepEqual(await user(page, (u) => [u.firstName, u.lastName]), ['Ada', 'Lovelace']);
  assert.equal(await page.textContent('[data-section=profile] .cl-item-text'), 'Ada Lovelace');

  const other = await createUser(clerk, { prefix: 'owner', username: `taken_${Date.now()}` });
  await page.getByRole('button', { name: 'Set username' }).click();
  const set = form(page, 'Set username');
  await set.locator('input[name=username]').fill(other.user.username);
  await set.getByRole('button', { name: 'Save' }).click();
  assert.equal(await fieldError(page, 'username'), 'That username is taken. Please try another.');
  await set.locator('input[name=username]').fill('ab');
  await set.getByRole('button', { name: 'Save' }).click();
  await page.waitForFunction(() => /between/.test(document.querySelector('form .cl-field-error')?.textContent));
  assert.equal(await fieldError(page, 'username'), 'Usernames must be between 4 and 64 characters long.');
  const name = `ada_${Date.now()}`;
  await set.locator('input[name=username]').fill(name);
  await set.getByRole('button', { name: 'Save' }).click();
  await formsClosed(page);
  assert.equal(await user(page, (u) => u.username), name);
  assert.equal(await page.textContent('[data-section=username] .cl-item-text'), name);

  await page.getByRole('button', { name: 'Update username' }).click();
  const update = form(page, 'Update username');
  assert.equal(await update.locator('input[name=username]').inputValue(), name);
  await update.locator('input[name=username]').fill(`${name}_2`);
  await update.getByRole('button', { name: 'Save' }).click();
  await formsClosed(page);
  assert.equal(await user(page, (u) => u.username), `${name}_2`);
  assert.deepEqual(page.problems, []);
});

test('the profile image: "Upload" sends the file (served back byte for byte, shown as the avatar); "Remove" takes it away', async () => {
  const { page } = await open({ prefix: 'image' });
  // A 1×1 PNG.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  await page.getByRole('button', { name: 'Update profile' }).click();
  const edit = form(page, 'Update profile');
  assert.equal(await edit.getByRole('button', { name: 'Remove' }).count(), 0, 'no "Remove" without an image of their own');
  // The visible "Upload" is the label of the file input.
  const input = edit.locator('input[type=file]');
  assert.equal(await input.getAttribute('accept'), 'image/*');
  assert.equal(await edit.locator(`label[for="${await input.getAttribute('id')}"]`).textContent(), 'Upload');
  // Bytes that are no image are refused at the field.
  await input.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  assert.match(await fieldError(page, 'file'), /not currently supported/);
  assert.equal(await user(page, (u) => u.hasImage), false);
  await input.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
  await formsClosed(page);
  const url = await user(page, (u) => (u.hasImage ? u.imageUrl : null));
  assert.ok(url, 'the user has an image');
  assert.equal(await page.getAttribute('[data-section=profile] img.cl-avatar', 'src'), url);
  const served = Buffer.from(await (await fetch(url)).arrayBuffer());
  assert.deepEqual(served, png);

  await page.getByRole('button', { name: 'Update profile' }).click();
  await edit.getByRole('button', { name: 'Remove' }).click();
  await formsClosed(page);
  assert.equal(await user(page, (u) => u.hasImage), false);
  assert.notEqual(await page.getAttribute('[data-section=profile] img.cl-avatar', 'src'), url);
  assert.deepEqual(page.problems, []);
});

test('an instance without phone numbers, usernames or names shows none of them', async () => {
  const config = join(mkdtempSync(join(tmpdir(), 'clerk-profile-')), 'clerk.toml');
  writeFileSync(config, 'names = "off"\n[identifiers]\nemail_address = true\nphone_number = false\nusername = false\nweb3_wallet = false\n');
  const bare = await startDevServer({ config });
  const barePages = await servePages({ '/profile.html': profilePage(bare.frontendApiUrl, bare.publishableKey) });
  others.push({ dev: bare, pages: barePages });
  const { page } = await open({ prefix: 'bare', firstName: undefined, lastName: undefined }, { dev: bare, clerk: backend(bare), pages: barePages });
  const titles = await page.locator('.cl-userProfile h2').allTextContents();
  assert.ok(titles.includes('Email addresses'));
  for (const t of ['Username', 'Phone numbers', 'Web3 wallets']) assert.ok(!titles.includes(t), `${t} is not shown`);
  await page.getByRole('button', { name: 'Update profile' }).click();
  const edit = form(page, 'Update profile');
  await edit.waitFor();
  assert.equal(await edit.locator('input:not([type=file])').count(), 0, 'no name fields');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Save', 'the focus is on the form\'s button');
  assert.deepEqual(page.problems, []);
});

test("the UI's create calls send the requests ClerkJS sends for the same calls (method, path, query keys, body)", async () => {
  const email = 'parity-ui@example.com';
  const phone = '+15550001234';
  // ClerkJS, on a dev server of its own, as the oracle.
  const theirDev = await startDevServer();
  const theirPages = await servePages({
    '/page.html': `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${theirDev.publishableKey}" data-clerk-proxy-url="${theirDev.frontendApiUrl}"></script>
<script>window.addEventListener('load', async () => { await Clerk.load(); window.ready = true; });</script></body></html>`,
  });
  others.push({ dev: theirDev, pages: theirPages });
  const theirClerk = backend(theirDev);
  const them = await createUser(theirClerk, { prefix: 'oracle' });
  const cjs = await newPage(await browser.newContext());
  await cjs.goto(`${theirPages.origin}/page.html`);
  await cjs.waitForFunction(() => window.ready);
  await cjs.evaluate(async (token) => {
    const si = await Clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await Clerk.setActive({ session: si.createdSessionId });
  }, await ticket(theirClerk, them.user.id));
  await clearRequests(theirDev);
  await cjs.evaluate(
    async ({ email, phone }) => {
      const e = await Clerk.user.createEmailAddress({ email });
      await e.prepareVerification({ strategy: 'email_code' });
      const p = await Clerk.user.createPhoneNumber({ phoneNumber: phone });
      await p.prepareVerification();
    },
    { email, phone },
  );

  // Ours, through the component.
  const { page } = await open({ prefix: 'parity' });
  await clearRequests(dev);
  await startAdding(page, 'email', email);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await formsClosed(page);
  await startAdding(page, 'phone', phone);

  const shape = (list) =>
    list.map((r) => ({
      method: r.method,
      path: r.path.replace(/\b([a-z0-9]+)_[A-Za-z0-9]{16,}/g, '$1_<id>'),
      queryKeys: r.query.map(([k]) => k).sort(),
      body: r.body,
      contentType: r.body ? r.contentType : null,
    }));
  const theirs = shape(await capturedRequests(theirDev, '/v1/me'));
  const mine = shape(await capturedRequests(dev, '/v1/me'));
  assert.deepEqual(
    theirs.map((r) => `${r.method} ${r.path}`),
    ['POST /v1/me/email_addresses/', 'POST /v1/me/email_addresses/idn_<id>/prepare_verification', 'POST /v1/me/phone_numbers/', 'POST /v1/me/phone_numbers/idn_<id>/prepare_verification'],
  );
  assert.deepEqual(mine, theirs);
});
