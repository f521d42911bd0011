// The local dashboard (/dev/, issue 15) driven in headless Chromium against the real dev server:
// creating a user through the form (every createUser parameter, checked through @clerk/backend),
// the form's client-side JSON validation and the server's errors at their fields; search; a
// user's page (identifiers and their verification, sessions and revoking one, the metadata
// editors, ban/unban, delete); the outbox updating live; the request log and its detail panel;
// the instance page (the secret key masked in the page, copied only on demand); "Reset data".
// Also the screenshot of the users page the README shows (tests/e2e/artifacts/dashboard-users.png).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'playwright-core';
import { artifacts, backend, launchBrowser, newPage, outboxCode, startDevServer, uniqueEmail } from './harness.mjs';

let dev, browser, clerk, context, dashboard;

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  dashboard = `${dev.frontendApiUrl}/dev/`;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: dev.frontendApiUrl });
});
after(async () => {
  await browser?.close();
  dev?.stop();
});

/** A page on the dashboard at `hash`, once its view is drawn. */
async function open(hash, ready) {
  const page = await newPage(context);
  await page.goto(`${dashboard}${hash}`);
  await page.locator(ready).first().waitFor();
  return page;
}

/** A cookie-keeping Frontend API client (as a browser without the SDK): form-encoded POSTs. */
async function fapi() {
  const api = await request.newContext({ baseURL: dev.frontendApiUrl });
  const post = async (path, form) => {
    const res = await api.post(path, { form });
    return { status: res.status(), body: await res.json() };
  };
  return { post, dispose: () => api.dispose() };
}

/** Signs in with a password from a new client; resolves to the created session's id. */
async function passwordSignIn(identifier, password) {
  const client = await fapi();
  const { status, body } = await client.post('/v1/client/sign_ins', { identifier, password, strategy: 'password' });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.response.status, 'complete');
  return { sessionId: body.response.created_session_id, client };
}

/** Starts a sign-in with an email code for `email` (a user with that address must exist). */
async function sendSignInCode(email) {
  const client = await fapi();
  const { body } = await client.post('/v1/client/sign_ins', { identifier: email });
  const factor = body.response.supported_first_factors.find((f) => f.strategy === 'email_code');
  const prepared = await client.post(`/v1/client/sign_ins/${body.response.id}/prepare_first_factor`, { strategy: 'email_code', email_address_id: factor.email_address_id });
  assert.equal(prepared.status, 200, JSON.stringify(prepared.body));
  await client.dispose();
}

/** The `[data-user-id]` of the rows the users table shows, in order. */
const rowIds = (page) => page.locator('#users-table tr[data-user-id]').evaluateAll((rows) => rows.map((r) => r.dataset.userId));

/** Waits until the users table shows exactly `ids`, in this order. */
async function waitForRows(page, ids) {
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('#users-table tr[data-user-id]')].map((r) => r.dataset.userId)) === JSON.stringify(want),
    ids,
  );
}

/** The error text a control points at with aria-describedby (the visible ones). */
const describedError = (control) =>
  control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id))
      .filter((n) => n && n.classList.contains('field-error') && !n.hidden)
      .map((n) => n.textContent)
      .join(' '),
  );

test('creating a user through the form sends every createUser parameter', async () => {
  const page = await open('#/users', '#users-table');
  await page.getByRole('button', { name: 'Create user' }).click();
  const form = page.locator('form#create-user-form');
  const [first, second] = [uniqueEmail('form-first'), uniqueEmail('form-second')];
  const suffix = Date.now().toString().slice(-6);
  await form.locator('[name=email_address]').fill(`${first}\n\n  ${second}  \n`);
  await form.locator('[name=phone_number]').fill(`+1555${suffix}0\n+1555${suffix}1`);
  await form.locator('[name=username]').fill(`formuser_${suffix}`);
  await form.locator('[name=password]').fill('abc');
  await form.locator('[name=skip_password_checks]').check();
  await form.locator('[name=first_name]').fill('Form');
  await form.locator('[name=last_name]').fill('Created');
  await form.locator('[name=external_id]').fill(`ext-${suffix}`);
  await form.locator('[name=public_metadata]').fill('{"plan": "pro", "seats": 3}');
  await form.locator('[name=private_metadata]').fill('{"stripe": {"customer": "cus_123"}}');
  await form.locator('[name=unsafe_metadata]').fill('{"theme": "dark"}');
  await form.getByRole('button', { name: 'Create user' }).click();

  await page.locator('section#user-page').waitFor();
  const id = decodeURIComponent(new URL(page.url()).hash.slice('#/users/'.length));
  assert.match(id, /^user_/);
  const user = await clerk.users.getUser(id);
  assert.deepEqual(user.emailAddresses.map((e) => e.emailAddress), [first, second]);
  assert.equal(user.primaryEmailAddress.emailAddress, first);
  assert.deepEqual(user.phoneNumbers.map((p) => p.phoneNumber), [`+1555${suffix}0`, `+1555${suffix}1`]);
  assert.equal(user.primaryPhoneNumber.phoneNumber, `+1555${suffix}0`);
  assert.equal(user.username, `formuser_${suffix}`);
  assert.equal(user.firstName, 'Form');
  assert.equal(user.lastName, 'Created');
  assert.equal(user.externalId, `ext-${suffix}`);
  assert.equal(user.passwordEnabled, true);
  assert.deepEqual(user.publicMetadata, { plan: 'pro', seats: 3 });
  assert.deepEqual(user.privateMetadata, { stripe: { customer: 'cus_123' } });
  assert.deepEqual(user.unsafeMetadata, { theme: 'dark' });
  // The short password went through (skip_password_checks): it signs in.
  const { client } = await passwordSignIn(first, 'abc');
  await client.dispose();
  // The page shows the new user.
  assert.match(await page.locator('#user-page h1').textContent(), /Form Created/);
  assert.deepEqual(page.problems, []);
});

test('invalid metadata JSON is refused at its field and nothing is sent', async () => {
  const page = await open('#/users', '#users-table');
  const before = await clerk.users.getCount();
  const sent = [];
  page.on('request', (r) => r.method() === 'POST' && sent.push(r.url()));
  await page.getByRole('button', { name: 'Create user' }).click();
  const form = page.locator('form#create-user-form');
  await form.locator('[name=email_address]').fill(uniqueEmail('bad-json'));
  await form.locator('[name=public_metadata]').fill('{"fine": true}');
  await form.locator('[name=private_metadata]').fill('{"stripe": ');
  await form.locator('[name=unsafe_metadata]').fill('[1, 2]');
  await form.getByRole('button', { name: 'Create user' }).click();

  const priv = form.locator('[name=private_metadata]');
  const unsafe = form.locator('[name=unsafe_metadata]');
  await page.waitForFunction(() => document.querySelector('#create-user-form [name=private_metadata]').getAttribute('aria-invalid') === 'true');
  assert.equal(await unsafe.getAttribute('aria-invalid'), 'true');
  assert.equal(await form.locator('[name=public_metadata]').getAttribute('aria-invalid'), null);
  assert.match(await describedError(priv), /Invalid JSON/);
  assert.match(await describedError(unsafe), /JSON object/);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'private_metadata');
  assert.ok(await form.isVisible(), 'the form stays open');
  assert.deepEqual(sent, []);
  assert.equal(await clerk.users.getCount(), before);

  // Fixed, the errors go and the user is created.
  await priv.fill('{"stripe": "cus_9"}');
  await unsafe.fill('');
  await form.getByRole('button', { name: 'Create user' }).click();
  await page.locator('section#user-page').waitFor();
  assert.equal(await clerk.users.getCount(), before + 1);
  assert.deepEqual(page.problems, []);
});

test("the server's errors show at the field meta.param_name names", async () => {
  const taken = uniqueEmail('taken');
  await clerk.users.createUser({ emailAddress: [taken], password: 'correct-horse-battery' });
  const page = await open('#/users', '#users-table');
  await page.getByRole('button', { name: 'Create user' }).click();
  const form = page.locator('form#create-user-form');
  const email = form.locator('[name=email_address]');
  const password = form.locator('[name=password]');
  await email.fill(taken);
  await password.fill('correct-horse-battery');
  await form.getByRole('button', { name: 'Create user' }).click();
  await page.waitForFunction(() => document.querySelector('#create-user-form [name=email_address]').getAttribute('aria-invalid') === 'true');
  assert.match(await describedError(email), /taken|exists|already/i);
  assert.equal(await password.getAttribute('aria-invalid'), null);

  // A password too short (checks not skipped): the error moves to the password field.
  await email.fill(uniqueEmail('short-pw'));
  await password.fill('abc');
  await form.getByRole('button', { name: 'Create user' }).click();
  await page.waitForFunction(() => document.querySelector('#create-user-form [name=password]').getAttribute('aria-invalid') === 'true');
  assert.match(await describedError(password), /password|characters/i);
  assert.equal(await email.getAttribute('aria-invalid'), null, 'the old error is gone');
  assert.ok(await form.isVisible());
  assert.deepEqual(page.problems, []);
});

test('the list is newest first and search finds users by email, phone, username and id, as you type', async () => {
  const tag = Date.now().toString(36);
  const digits = Date.now().toString().slice(-7);
  const a = await clerk.users.createUser({ emailAddress: [`searcha-${tag}@example.com`], firstName: 'Searchable', lastName: 'Alpha' });
  const b = await clerk.users.createUser({ emailAddress: [`searchb-${tag}@example.com`], phoneNumber: [`+1555${digits}`], username: `seeker_${tag}` });
  const c = await clerk.users.createUser({ emailAddress: [`searchc-${tag}@example.com`] });
  const page = await open('#/users', '#users-table tr[data-user-id]');
  const ids = await rowIds(page);
  assert.deepEqual(ids.slice(0, 3), [c.id, b.id, a.id], 'newest first');
  assert.equal(await page.locator(`#users-table tr[data-user-id="${a.id}"] td:first-child a`).getAttribute('href'), `#/users/${a.id}`);

  const search = page.locator('input#user-search');
  assert.equal(await search.getAttribute('type'), 'search');
  await search.pressSequentially(`searchb-${tag}`);
  await waitForRows(page, [b.id]);
  await search.fill(digits);
  await waitForRows(page, [b.id]);
  await search.fill(`SEEKER_${tag}`);
  await waitForRows(page, [b.id]);
  await search.fill(a.id);
  await waitForRows(page, [a.id]);
  await search.fill(`-${tag}@example.com`);
  await waitForRows(page, [c.id, b.id, a.id]);
  await search.fill(`nobody-${tag}`);
  await waitForRows(page, []);
  assert.match(await page.locator('#users-table').textContent(), /No user matches/);
  await search.fill('');
  await page.waitForFunction((n) => document.querySelectorAll('#users-table tr[data-user-id]').length >= n, 3);
  assert.deepEqual(page.problems, []);
});

test('more than 50 users: "Load more" shows the next page', async () => {
  const tag = `many${Date.now().toString(36)}`;
  const made = [];
  for (let i = 0; i < 53; i++) made.push((await clerk.users.createUser({ emailAddress: [`${tag}-${i}@example.com`] })).id);
  const page = await open('#/users', '#users-table tr[data-user-id]');
  await page.locator('input#user-search').fill(tag);
  await page.waitForFunction(() => document.querySelectorAll('#users-table tr[data-user-id]').length === 50);
  assert.deepEqual(await rowIds(page), made.slice(3).reverse());
  await page.getByRole('button', { name: 'Load more' }).click();
  await waitForRows(page, made.slice().reverse());
  assert.ok(await page.getByRole('button', { name: 'Load more' }).isHidden());
  assert.deepEqual(page.problems, []);
});

test("a user's page: identifiers and verification, sessions (revoke), metadata, ban and unban, delete", async () => {
  const email = uniqueEmail('page');
  const extra = uniqueEmail('page-extra');
  const phone = `+1555${Date.now().toString().slice(-7)}`;
  const user = await clerk.users.createUser({
    emailAddress: [email],
    phoneNumber: [phone],
    password: 'correct-horse-battery',
    firstName: 'Paige',
    lastName: 'Viewer',
    publicMetadata: { old: true },
  });
  // A session, and an email address added from the frontend (unverified).
  const { sessionId, client } = await passwordSignIn(email, 'correct-horse-battery');
  const added = await client.post('/v1/me/email_addresses', { email_address: extra });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  await client.dispose();

  const page = await open(`#/users/${user.id}`, `#sessions-table tr[data-session-id="${sessionId}"]`);
  const item = (value) => page.locator(`#user-page li[data-identifier="${value}"]`);
  assert.match(await item(email).textContent(), /Primary.*Verified/);
  assert.match(await item(phone).textContent(), /Primary.*Verified/);
  assert.match(await item(extra).textContent(), /Unverified/);
  assert.doesNotMatch(await item(extra).textContent(), /Primary/);
  assert.match(await page.locator('#user-page h1').textContent(), /Paige Viewer/);

  // Sessions refresh by themselves: a sign-in from elsewhere shows up.
  const other = await passwordSignIn(phone, 'correct-horse-battery');
  await other.client.dispose();
  await page.locator(`#sessions-table tr[data-session-id="${other.sessionId}"]`).waitFor();
  assert.equal(await page.locator('#sessions-table tr[data-session-id]').first().getAttribute('data-session-id'), other.sessionId, 'newest first');

  // Revoke the first one.
  const row = page.locator(`#sessions-table tr[data-session-id="${sessionId}"]`);
  assert.match(await row.textContent(), /active/);
  await row.getByRole('button', { name: /Revoke/ }).click();
  await page.waitForFunction((id) => /revoked/.test(document.querySelector(`#sessions-table tr[data-session-id="${id}"]`)?.textContent), sessionId);
  assert.equal((await clerk.sessions.getSession(sessionId)).status, 'revoked');
  assert.equal(await row.getByRole('button', { name: /Revoke/ }).count(), 0);

  // Metadata: invalid JSON refused at its field, then the three saved (replacing, as updateUser).
  const meta = page.locator('form#metadata-form');
  assert.deepEqual(JSON.parse(await meta.locator('[name=public_metadata]').inputValue()), { old: true });
  await meta.locator('[name=private_metadata]').fill('{oops');
  await meta.getByRole('button', { name: 'Save metadata' }).click();
  assert.equal(await meta.locator('[name=private_metadata]').getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await clerk.users.getUser(user.id)).privateMetadata, {});
  await meta.locator('[name=public_metadata]').fill('{"plan": "team"}');
  await meta.locator('[name=private_metadata]').fill('{"internal": {"score": 7}}');
  await meta.locator('[name=unsafe_metadata]').fill('{"onboarded": true}');
  await meta.getByRole('button', { name: 'Save metadata' }).click();
  await page.waitForFunction(() => document.getElementById('toast').textContent === 'Metadata saved');
  assert.equal(await meta.locator('[name=private_metadata]').getAttribute('aria-invalid'), null);
  const stored = await clerk.users.getUser(user.id);
  assert.deepEqual(stored.publicMetadata, { plan: 'team' }, 'replaced, not merged');
  assert.deepEqual(stored.privateMetadata, { internal: { score: 7 } });
  assert.deepEqual(stored.unsafeMetadata, { onboarded: true });

  // Ban (confirmed), then unban.
  page.once('dialog', (d) => d.accept());
  await page.locator('#ban-user').click();
  await page.locator('#unban-user').waitFor();
  assert.match(await page.locator('#user-page h1').textContent(), /Banned/);
  assert.equal((await clerk.users.getUser(user.id)).banned, true);
  const refused = await (await fapi()).post('/v1/client/sign_ins', { identifier: email, password: 'correct-horse-battery', strategy: 'password' });
  assert.equal(refused.body.errors?.[0]?.code, 'user_banned');
  await page.locator('#unban-user').click();
  await page.locator('#ban-user').waitFor();
  assert.doesNotMatch(await page.locator('#user-page h1').textContent(), /Banned/);
  assert.equal((await clerk.users.getUser(user.id)).banned, false);

  // Delete: dismissed, nothing happens; confirmed, back to the list without the user.
  page.once('dialog', (d) => d.dismiss());
  await page.locator('#delete-user').click();
  await page.waitForTimeout(300);
  assert.equal((await clerk.users.getUser(user.id)).id, user.id);
  page.once('dialog', (d) => d.accept());
  await page.locator('#delete-user').click();
  await page.locator('#users-table').waitFor();
  assert.equal(new URL(page.url()).hash, '#/users');
  assert.equal(await page.locator(`#users-table tr[data-user-id="${user.id}"]`).count(), 0);
  await assert.rejects(clerk.users.getUser(user.id), (err) => err.status === 404);
  assert.deepEqual(page.problems, []);
});

test('the outbox shows a code as soon as it is sent, without a reload, and copies it', async () => {
  const email = uniqueEmail('outbox');
  await clerk.users.createUser({ emailAddress: [email] });
  const page = await open('#/outbox', '#outbox-table');
  await page.evaluate(() => (window.sameDocument = true));
  await sendSignInCode(email);
  const row = page.locator('#outbox-table tr[data-message-id]', { hasText: email });
  await row.waitFor();
  const code = await outboxCode(dev, email);
  assert.equal((await row.locator('td.code').textContent()).trim(), code);
  assert.equal(await page.locator('#outbox-table tr[data-message-id]').first().evaluate((tr, e) => tr.textContent.includes(e), email), true, 'newest first');
  assert.match(await row.textContent(), /Sign-in/);
  assert.match(await row.textContent(), /expires in (9|10) min/);
  assert.match(await row.textContent(), /Email/);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  await row.getByRole('button', { name: /Copy/ }).click();
  await page.waitForFunction(() => /Copied/.test(document.querySelector('#outbox-table tr[data-message-id] button')?.textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);

  // Hidden, the page stops asking; visible again, it asks again and shows what came meanwhile.
  const asked = [];
  page.on('request', (r) => r.url().endsWith('/dev/api/outbox') && asked.push(r.url()));
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForTimeout(1500);
  asked.length = 0;
  await sendSignInCode(email);
  await page.waitForTimeout(2500);
  assert.deepEqual(asked, [], 'no polling while hidden');
  assert.equal(await page.locator('#outbox-table tr[data-message-id]', { hasText: email }).count(), 1);
  await page.evaluate(() => {
    delete document.visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction((e) => [...document.querySelectorAll('#outbox-table tr[data-message-id]')].filter((r) => r.textContent.includes(e)).length === 2, email);

  // Leaving the view stops its polling.
  await page.locator('nav a[href="#/users"]').click();
  await page.locator('#users-table').waitFor();
  await page.waitForTimeout(500);
  asked.length = 0;
  await page.waitForTimeout(2500);
  assert.deepEqual(asked, [], 'no polling once the view is left');
  assert.deepEqual(page.problems, []);
});

test('the request log lists Frontend and Backend API calls; a row opens its query and body; Escape closes it; Clear empties it', async () => {
  const email = uniqueEmail('logged');
  const client = await fapi();
  await client.post('/v1/client/sign_ins?locale=fr', { identifier: email, strategy: 'password', password: 'not-the-point' });
  await client.dispose();
  await clerk.users.getUserList({ limit: 3 });
  const page = await open('#/requests', '#requests-table tr[data-request-id]');
  const row = page.locator('#requests-table tr[data-request-id]', { hasText: '/v1/client/sign_ins' }).first();
  await row.waitFor();
  assert.match(await row.textContent(), /FAPI.*POST.*\/v1\/client\/sign_ins.*422/s);
  assert.match(await row.textContent(), /\d+ ms/);
  await page.locator('#requests-table tr[data-request-id]', { hasText: '/v1/users' }).first().waitFor();
  assert.match(await page.locator('#requests-table tr[data-request-id]', { hasText: '/v1/users' }).first().textContent(), /BAPI.*GET/s);

  // Keyboard: the path is a button; Enter opens the detail.
  await row.getByRole('button').focus();
  await page.keyboard.press('Enter');
  const detail = page.locator('#request-detail');
  await detail.waitFor();
  const text = await detail.textContent();
  assert.ok(text.includes(email), text);
  assert.match(text, /identifier/);
  assert.match(text, /locale.*fr/s);
  await page.keyboard.press('Escape');
  await detail.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.closest('tr')?.textContent.includes('/v1/client/sign_ins')), true, 'focus goes back to the row');

  // Only the Backend API's, then both again.
  await page.getByRole('combobox', { name: 'Which API' }).selectOption('bapi');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#requests-table tr[data-request-id]')];
    return rows.length > 0 && rows.every((r) => r.cells[1].textContent === 'BAPI');
  });
  await page.getByRole('combobox', { name: 'Which API' }).selectOption('');
  await row.waitFor();

  // A click opens it too.
  await row.click();
  await detail.waitFor();
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#requests-table tr[data-request-id]').length === 0);
  assert.ok(await detail.isHidden());
  assert.deepEqual(page.problems, []);
});

test('the instance page shows the keys, the secret key masked, and copies it only when asked', async () => {
  const page = await open('#/instance', 'section#instance');
  assert.equal(await page.locator('#publishable-key').textContent(), dev.publishableKey);
  const masked = await page.locator('#secret-key').textContent();
  assert.ok(masked.endsWith(dev.secretKey.slice(-4)), masked);
  assert.ok(!masked.includes(dev.secretKey.slice(8, 20)), masked);
  assert.ok(!(await page.content()).includes(dev.secretKey), 'the page holds no secret key');
  const jwks = await page.getByRole('link', { name: /jwks/ }).getAttribute('href');
  const keys = await (await fetch(jwks)).json();
  assert.ok(Array.isArray(keys.keys) && keys.keys.length > 0);
  assert.match(await page.locator('section#instance').textContent(), /Identifiers/i);

  await page.locator('button#copy-secret-key').click();
  await page.waitForFunction(() => document.querySelector('#copy-secret-key').textContent === 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), dev.secretKey);
  assert.ok(!(await page.content()).includes(dev.secretKey), 'still not in the page');
  assert.deepEqual(page.problems, []);
});

test('"Reset data" (after a confirmation) empties the users list', async () => {
  await clerk.users.createUser({ emailAddress: [uniqueEmail('before-reset')] });
  const page = await open('#/instance', 'button#reset-data');
  page.once('dialog', (d) => d.dismiss());
  await page.locator('button#reset-data').click();
  await page.waitForTimeout(300);
  assert.ok((await clerk.users.getCount()) > 0, 'dismissed: nothing deleted');
  page.once('dialog', (d) => d.accept());
  await page.locator('button#reset-data').click();
  await page.waitForFunction(() => document.getElementById('toast').textContent === 'All data reset');
  assert.equal(await clerk.users.getCount(), 0);
  await page.locator('nav a[href="#/users"]').click();
  await page.locator('#users-table tr.empty').waitFor();
  assert.equal(await page.locator('#users-table tr[data-user-id]').count(), 0);
  assert.match(await page.locator('#users-table').textContent(), /No users yet/);
  assert.deepEqual(page.problems, []);
});

test('screenshot: the users page with a handful of users (1280×800)', async () => {
  const people = [
    { firstName: 'Ada', lastName: 'Lovelace', username: 'ada_lovelace', emailAddress: ['ada@example.com'], phoneNumber: ['+15555550101'] },
    { firstName: 'Grace', lastName: 'Hopper', username: 'grace_h', emailAddress: ['grace@example.com'] },
    { firstName: 'Alan', lastName: 'Turing', emailAddress: ['alan@example.com'], phoneNumber: ['+15555550103'] },
    { firstName: 'Katherine', lastName: 'Johnson', username: 'kjohnson', emailAddress: ['katherine@example.com'] },
    { firstName: 'Linus', lastName: 'Torvalds', emailAddress: ['linus@example.com', 'linus@kernel.example'] },
    { firstName: 'Margaret', lastName: 'Hamilton', username: 'mhamilton', emailAddress: ['margaret@example.com'], phoneNumber: ['+15555550106'] },
  ];
  for (const p of people) await clerk.users.createUser({ ...p, password: 'correct-horse-battery' });
  for (const who of ['grace@example.com', 'alan@example.com']) (await passwordSignIn(who, 'correct-horse-battery')).client.dispose();
  const banned = (await clerk.users.getUserList({ emailAddress: ['linus@example.com'] })).data[0];
  await clerk.users.banUser(banned.id);
  const page = await open('#/users', '#users-table tr[data-user-id]');
  await page.waitForFunction((n) => document.querySelectorAll('#users-table tr[data-user-id]').length === n, people.length);
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'dashboard-users.png') });
  assert.deepEqual(page.problems, []);
});
