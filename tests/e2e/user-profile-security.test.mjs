// The user profile's Security page (`clerk.mountUserProfile`, its "Security" nav button) used
// by a person (Playwright) against the dev server: setting and updating the password (refusals
// at their fields, "Sign out of all other devices" ending another browser's session), SMS
// two-step verification (reserve a verified phone number, default, remove — and the sign-in
// that then asks for the second factor), the active devices (two browsers listed with what
// they are, "This device", signing the other one out), deleting the account with its typed
// confirmation, and the sections an instance without them does not show.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

let dev, bare, browser, pages;

/** A dev-server config file with `toml` in it. */
function config(toml) {
  const file = join(mkdtempSync(join(tmpdir(), 'clerk-security-')), 'clerk.toml');
  writeFileSync(file, toml);
  return file;
}

// Short session tokens, so that a session ended elsewhere reaches a page within seconds.
const FULL = 'delete_self = true\n[session]\ntoken_lifetime_secs = 10\n';
// No passwords, no phone numbers (so no two-step verification), no self-deletion.
const BARE = 'delete_self = false\n[password]\nenabled = false\n[identifiers]\nphone_number = false\n';

// The app: the SDK loaded, every listener call recorded (`window.events`: the user id or
// null), and the user profile mounted when someone is signed in.
const app = (fapi, key) => `<!doctype html><html><body><div id="profile"></div><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
window.events = [];
await clerk.load();
clerk.addListener(({ user }) => window.events.push(user ? user.id : null));
if (clerk.user) clerk.mountUserProfile(document.getElementById('profile'));
window.ready = true;
</script></body></html>`;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  [dev, bare] = await Promise.all([startDevServer({ config: config(FULL) }), startDevServer({ config: config(BARE) })]);
  dev.clerk = backend(dev);
  bare.clerk = backend(bare);
  pages = await servePages({ '/app.html': app(dev.frontendApiUrl, dev.publishableKey), '/bare.html': app(bare.frontendApiUrl, bare.publishableKey) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
  bare?.stop();
});

/** A new browser context with `userId` signed in on the app page (by ticket), the SDK loaded. */
async function signedIn(userId, { server = dev, path = '/app.html', userAgent } = {}) {
  const page = await newPage(await browser.newContext({ viewport: { width: 900, height: 1000 }, userAgent }));
  await page.goto(`${pages.origin}${path}`);
  await signInByTicket(page, server, await ticket(server.clerk, userId));
  await page.waitForFunction(() => window.ready);
  return page;
}

/** The user profile's Security page, opened with its nav button. */
async function security(page) {
  await page.locator('.cl-navbar button', { hasText: 'Security' }).click();
  await page.locator('h1', { hasText: 'Security' }).waitFor();
}

/** A section of the page, by its title. */
const section = (page, title) => page.locator('section', { has: page.locator('h2', { hasText: title }) });

/** The error shown at the input named `name` (its `aria-describedby` paragraph). */
async function fieldError(page, name) {
  const input = page.locator(`.cl-root input[name=${name}][aria-invalid=true]`);
  await input.waitFor();
  const id = await input.getAttribute('aria-describedby');
  return page.textContent(`#${id}`);
}

/** Records the requests to the Frontend API whose path matches `re`: `{method, path, body}`. */
function recordRequests(page, re) {
  const seen = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (re.test(url.pathname)) seen.push({ method: r.method(), path: url.pathname, query: url.search, body: r.postData() || '' });
  });
  return seen;
}

/** A sign-in with a password from a fresh browser context's SDK: the attempt's status. */
async function passwordSignIn(identifier, password) {
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(`${pages.origin}/app.html`);
  await page.waitForFunction(() => window.ready);
  const status = await page.evaluate(
    async ({ identifier, password }) => {
      try {
        return (await window.clerk.client.signIn.create({ identifier, password })).status;
      } catch (e) {
        return `refused: ${e.errors?.[0]?.code}`;
      }
    },
    { identifier, password },
  );
  await context.close();
  return status;
}

test('"Set password" for a user without one: a confirmation that differs and a short password refused at their fields; then the password signs in', async () => {
  const { user, email } = await createUser(dev.clerk, { password: undefined, prefix: 'setpw' });
  const page = await signedIn(user.id);
  await security(page);
  const password = section(page, 'Password');
  await password.getByRole('button', { name: 'Set password' }).click();
  const form = page.getByRole('form', { name: 'Set password' });
  await form.waitFor();
  assert.equal(await form.locator('input[name=current_password]').count(), 0, 'no current password to give');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'new_password', 'the first input has the focus');
  assert.equal(await form.getByLabel('Sign out of all other devices').isChecked(), true);
  const changes = recordRequests(page, /\/v1\/me\/change_password$/);

  await form.locator('input[name=new_password]').fill('a-new-password-1');
  await form.locator('input[name=confirm_password]').fill('a-new-password-2');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.equal(await fieldError(page, 'confirm_password'), "Passwords don't match.");
  assert.equal(changes.length, 0, 'refused before any request');

  await form.locator('input[name=new_password]').fill('short');
  await form.locator('input[name=confirm_password]').fill('short');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.match(await fieldError(page, 'new_password'), /8 characters or more/);
  assert.equal(changes.length, 1);

  // Spaces around a password are part of it.
  const chosen = ' a good new password ';
  await form.locator('input[name=new_password]').fill(chosen);
  await form.locator('input[name=confirm_password]').fill(chosen);
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Your password has been set.' }).waitFor();
  await password.getByRole('button', { name: 'Update password' }).waitFor();
  assert.equal(await page.evaluate(() => window.clerk.user.passwordEnabled), true);
  // ClerkJS's keys, in ClerkJS's order (its PasswordForm: newPassword, signOutOfOtherSessions,
  // currentPassword when it has one).
  assert.deepEqual([...new URLSearchParams(changes[1].body).keys()], ['new_password', 'sign_out_of_other_sessions']);
  assert.equal(new URLSearchParams(changes[1].body).get('new_password'), chosen);
  await page.screenshot({ path: join(artifacts, 'user-profile-security.png'), fullPage: true });

  assert.equal(await passwordSignIn(email, chosen), 'complete');
  assert.equal(await passwordSignIn(email, chosen.trim()), 'refused: form_password_incorrect');
  assert.deepEqual(page.problems, []);
});

test('"Update password": a wrong current password at its field; "Sign out of all other devices" ends the other browser\'s session', async () => {
  const { user, email, password } = await createUser(dev.clerk, { prefix: 'updpw' });
  const other = await signedIn(user.id);
  const page = await signedIn(user.id);
  await security(page);
  await section(page, 'Active devices').locator('.cl-profileSectionItem').nth(1).waitFor();
  await section(page, 'Password').getByRole('button', { name: 'Update password' }).click();
  const form = page.getByRole('form', { name: 'Update password' });
  assert.equal(await page.evaluate(() => document.activeElement.name), 'current_password');
  const changes = recordRequests(page, /\/v1\/me\/change_password$/);

  await form.locator('input[name=current_password]').fill('not-the-password');
  await form.locator('input[name=new_password]').fill('another-password-9');
  await form.locator('input[name=confirm_password]').fill('another-password-9');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.match(await fieldError(page, 'current_password'), /Password is incorrect/);
  assert.equal(await other.evaluate(() => window.clerk.user?.id), user.id, 'a refusal signs nobody out');

  await form.locator('input[name=confirm_password]').fill('another-password-0');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.equal(await fieldError(page, 'confirm_password'), "Passwords don't match.");
  assert.equal(changes.length, 1, 'the mismatch was refused before any request');

  await form.locator('input[name=current_password]').fill(password);
  await form.locator('input[name=confirm_password]').fill('another-password-9');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Your password has been updated. All other devices have been signed out.' }).waitFor();
  assert.deepEqual([...new URLSearchParams(changes[1].body).entries()], [
    ['new_password', 'another-password-9'],
    ['sign_out_of_other_sessions', 'true'],
    ['current_password', password],
  ]);

  // The other browser finds out at its next token refresh (10 s tokens here).
  await other.waitForFunction(() => window.clerk.user === null, null, { timeout: 30_000, polling: 200 });
  assert.equal(await page.evaluate(() => window.clerk.user?.id), user.id, 'this device stays signed in');
  // The active devices were loaded anew: this device alone.
  await section(page, 'Active devices').locator('.cl-profileSectionItem').first().waitFor();
  assert.equal(await section(page, 'Active devices').locator('.cl-profileSectionItem').count(), 1);
  assert.equal(await passwordSignIn(email, 'another-password-9'), 'complete');
  assert.deepEqual(page.problems, []);
});

test('two-step verification: only verified numbers are offered; reserve, default, remove; a sign-in asks for the second factor while one is reserved', async () => {
  const stamp = String(Date.now()).slice(-6);
  const [first, second, unverified] = [`+1555201${stamp.slice(-4)}`, `+1555202${stamp.slice(-4)}`, `+1555203${stamp.slice(-4)}`];
  const { user, email, password } = await createUser(dev.clerk, { phoneNumber: [first, second], prefix: 'mfa' });
  const page = await signedIn(user.id);
  await page.evaluate((phoneNumber) => window.clerk.user.createPhoneNumber({ phoneNumber }), unverified);
  await security(page);
  const mfa = section(page, 'Two-step verification');
  assert.equal(await mfa.locator('.cl-profileSectionItem').count(), 0);

  await mfa.getByRole('button', { name: 'Add two-step verification' }).click();
  await page.getByRole('group', { name: 'Add two-step verification' }).getByRole('button', { name: 'SMS code' }).click();
  const choose = page.getByRole('group', { name: 'Add SMS code verification' });
  await choose.waitFor();
  assert.match(await choose.textContent(), /Select an existing phone number/);
  const offered = await choose.locator('button[data-action^="security:reserve:"]').allTextContents();
  assert.deepEqual(offered.sort(), [first, second], 'verified numbers only');
  await choose.getByRole('button', { name: first }).click();
  await page.getByRole('status').filter({ hasText: 'SMS code verification enabled' }).waitFor();
  await mfa.locator('.cl-profileSectionItem', { hasText: first }).waitFor();
  assert.match(await mfa.locator('.cl-profileSectionItem', { hasText: first }).textContent(), /Default/);
  assert.equal(await page.evaluate(() => window.clerk.user.twoFactorEnabled), true);
  assert.equal(await passwordSignIn(email, password), 'needs_second_factor');

  // A second number; then it becomes the default.
  await mfa.getByRole('button', { name: 'Add two-step verification' }).click();
  await page.getByRole('button', { name: 'SMS code' }).click();
  assert.deepEqual(await choose.locator('button[data-action^="security:reserve:"]').allTextContents(), [second]);
  await choose.getByRole('button', { name: second }).click();
  const secondRow = mfa.locator('.cl-profileSectionItem', { hasText: second });
  await secondRow.waitFor();
  assert.doesNotMatch(await secondRow.textContent(), /Default/);
  await secondRow.getByRole('button', { name: 'Set as default' }).click();
  await secondRow.locator('.cl-badge', { hasText: 'Default' }).waitFor();
  assert.doesNotMatch(await mfa.locator('.cl-profileSectionItem', { hasText: first }).textContent(), /Default/);
  assert.match(await mfa.locator('.cl-profileSectionItem').first().textContent(), new RegExp(`\\${second}`), 'the default is listed first');
  const phones = await page.evaluate(() => window.clerk.user.phoneNumbers.map((p) => [p.phoneNumber, p.reservedForSecondFactor, p.defaultSecondFactor]));
  assert.deepEqual(phones.sort(), [
    [first, true, false],
    [second, true, true],
    [unverified, false, false],
  ]);
  await page.screenshot({ path: join(artifacts, 'user-profile-two-step.png'), fullPage: true });

  // Removing asks first; Cancel keeps it.
  await secondRow.getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByRole('form', { name: 'Remove two-step verification' });
  assert.match(await confirm.textContent(), new RegExp(`\\${second} will be no longer receiving verification codes`));
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await mfa.locator('.cl-profileSectionItem').count(), 2);
  for (const number of [second, first]) {
    await mfa.locator('.cl-profileSectionItem', { hasText: number }).getByRole('button', { name: 'Remove' }).click();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await mfa.locator('.cl-profileSectionItem', { hasText: number }).waitFor({ state: 'detached' });
  }
  assert.equal(await page.evaluate(() => window.clerk.user.twoFactorEnabled), false);
  assert.equal(await passwordSignIn(email, password), 'complete');
  assert.deepEqual(page.problems, []);
});

test('active devices: both browsers with what they are, "This device"; "Sign out of device" ends the other one', async () => {
  const { user } = await createUser(dev.clerk, { prefix: 'devices' });
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1';
  const page = await signedIn(user.id);
  const other = await signedIn(user.id, { userAgent: iphone });
  // The other device was active last, so the Frontend API lists it first (most recent first):
  // this device comes first because the component puts it there.
  await other.evaluate(() => window.clerk.session.touch());
  await security(page);
  const devices = section(page, 'Active devices');
  const rows = devices.locator('.cl-profileSectionItem');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  const chrome = await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)[1]);
  const details = async (row) => ({
    text: await row.locator('.cl-item-text').textContent(),
    badges: await row.locator('.cl-badge').allTextContents(),
    lines: await row.locator('.cl-item-detail').allTextContents(),
    buttons: await row.locator('button').allTextContents(),
  });
  const mine = await details(rows.nth(0));
  assert.deepEqual(mine.badges, ['This device'], 'this device comes first');
  assert.equal(mine.text, 'Linux');
  assert.equal(mine.lines[0], `Chrome ${chrome}`);
  assert.equal(mine.lines[1], '127.0.0.1');
  assert.ok(!Number.isNaN(Date.parse(mine.lines[2])), `a readable date: ${mine.lines[2]}`);
  assert.deepEqual(mine.buttons, [], 'no sign-out for this device');
  const theirs = await details(rows.nth(1));
  assert.deepEqual(theirs, { text: 'iPhone', badges: [], lines: ['Safari 17.3', '127.0.0.1', theirs.lines[2]], buttons: ['Sign out of device'] });
  await page.screenshot({ path: join(artifacts, 'user-profile-devices.png'), fullPage: true });

  const otherSession = await other.evaluate(() => window.clerk.session.id);
  await rows.nth(1).getByRole('button', { name: 'Sign out of device' }).click();
  await rows.nth(1).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 1);
  assert.equal((await dev.clerk.sessions.getSession(otherSession)).status, 'revoked');
  await other.waitForFunction(() => window.clerk.user === null, null, { timeout: 30_000, polling: 200 });
  assert.equal(await page.evaluate(() => window.clerk.user?.id), user.id);

  // A user without a phone number is told to add one first.
  await section(page, 'Two-step verification').getByRole('button', { name: 'Add two-step verification' }).click();
  await page.getByRole('button', { name: 'SMS code' }).click();
  const choose = page.getByRole('group', { name: 'Add SMS code verification' });
  assert.match(await choose.textContent(), /There are no available phone numbers/);
  assert.equal(await choose.locator('button[data-action^="security:reserve:"]').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('"Delete account" by keyboard: wrong confirmation refused at its field; then the user is gone and the page signed out', async () => {
  const { user } = await createUser(dev.clerk, { prefix: 'delete' });
  const page = await signedIn(user.id);
  await security(page);
  const deletes = recordRequests(page, /^\/v1\/me$/);
  await section(page, 'Delete account').getByRole('button', { name: 'Delete account' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Delete account' });
  await form.waitFor();
  assert.match(await form.textContent(), /This action is permanent and irreversible/);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'delete_confirmation', 'the input has the focus');
  await page.keyboard.type('delete account');
  await page.keyboard.press('Enter');
  assert.match(await fieldError(page, 'delete_confirmation'), /Delete account/);
  assert.equal(deletes.filter((r) => r.method === 'DELETE' || r.query.includes('_method=DELETE')).length, 0, 'refused before any request');

  await page.fill('input[name=delete_confirmation]', 'Delete account');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.clerk.user === null && window.events.includes(null));
  await page.locator('#profile .cl-card').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.querySelector('#profile .cl-root').children.length), 0, 'the profile draws nothing');
  const gone = await fetch(`${dev.bapiUrl}/v1/users/${user.id}`, { headers: { authorization: `Bearer ${dev.secretKey}` } });
  assert.equal(gone.status, 404);
  assert.deepEqual(page.problems, []);
});

test('an instance without passwords, phone numbers or self-deletion: the Security page shows only the active devices', async () => {
  const { user } = await createUser(bare.clerk, { password: undefined, prefix: 'bare' });
  const page = await signedIn(user.id, { server: bare, path: '/bare.html' });
  await security(page);
  await section(page, 'Active devices').locator('.cl-profileSectionItem', { hasText: 'This device' }).waitFor();
  const titles = await page.locator('.cl-root section h2').allTextContents();
  assert.deepEqual(titles, ['Active devices']);
  assert.equal(await page.getByRole('button', { name: 'Delete account' }).count(), 0);
  // The same user on the full instance sees every section.
  const { user: full } = await createUser(dev.clerk, { prefix: 'full' });
  const fullPage = await signedIn(full.id);
  await security(fullPage);
  await section(fullPage, 'Active devices').locator('.cl-profileSectionItem').first().waitFor();
  assert.deepEqual(await fullPage.locator('.cl-root section h2').allTextContents(), ['Password', 'Two-step verification', 'Active devices', 'Delete account']);
  assert.deepEqual(page.problems, []);
});
