// The dashboard (`/dev/`) together with the pages, as a developer uses them on a first visit:
// a user created in the dashboard signs in on the quickstart, its session shows up in the
// dashboard and is revoked there, and the quickstart drops to signed out; a code appears live in
// the dashboard's outbox and verifies an email on the createEmailAddress demo page. And the
// dashboard's own defences: a page on another origin — or on a DNS-rebound name for the dev
// server's address — cannot read the dashboard nor create or delete users through it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket, uniqueEmail } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

let dev, browser, clerk;
before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  dev?.stop();
});

/** Opens `server`'s dashboard at `hash` in `context`; destructive actions' confirmations are accepted. */
async function dashboard(context, hash, server = dev) {
  const page = await newPage(context);
  page.on('dialog', (d) => d.accept());
  await page.goto(`${server.frontendApiUrl}/dev/${hash}`);
  return page;
}

const userCount = async () => (await clerk.users.getCount()) ?? 0;

test('a user created in the dashboard signs in on the quickstart; the dashboard shows the session, revokes it, and the quickstart drops to signed out', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const email = uniqueEmail('dash-flow');
  const password = 'a-dashboard-password-42';

  // Create the user with the dashboard's form.
  const dash = await dashboard(context, '#/users');
  await dash.getByRole('button', { name: 'Create user' }).first().click();
  const form = dash.locator('form#create-user-form');
  await form.locator('[name=email_address]').fill(email);
  await form.locator('[name=password]').fill(password);
  await form.locator('[name=first_name]').fill('Dana');
  await form.locator('[name=last_name]').fill('Board');
  await form.locator('[name=public_metadata]').fill('{"plan": "pro"}');
  await form.locator('[name=private_metadata]').fill('{"stripeId": "cus_123"}');
  await form.locator('button[type=submit]').click();
  await dash.waitForURL(/#\/users\/user_/);
  const userId = decodeURIComponent(new URL(dash.url()).hash.slice('#/users/'.length));
  const created = await clerk.users.getUser(userId);
  assert.equal(created.primaryEmailAddress.emailAddress, email);
  assert.deepEqual([created.firstName, created.lastName], ['Dana', 'Board']);
  assert.deepEqual(created.publicMetadata, { plan: 'pro' });
  assert.deepEqual(created.privateMetadata, { stripeId: 'cus_123' });
  await dash.locator('section#user-page').getByText(email).first().waitFor();
  assert.equal(await dash.locator('#sessions-table tr[data-session-id]').count(), 0);

  // Sign in with it on the quickstart, through the sign-in card, as a person would.
  const quick = await newPage(context);
  await quick.goto(`${dev.frontendApiUrl}/`);
  await quick.fill('#sign-in input[name=identifier]', email);
  await quick.click('#sign-in button[type=submit]');
  await quick.fill('#sign-in input[name=password]', password);
  // Signed in, the card goes to the after-sign-in URL: this same page, loaded again.
  const reloaded = quick.waitForEvent('load');
  await quick.click('#sign-in button[type=submit]');
  await reloaded;
  await quick.waitForFunction((id) => document.getElementById('status').textContent === `signed-in:${id}`, userId);
  const sessionId = await quick.evaluate(() => [...document.querySelectorAll('#app dt')].find((dt) => dt.textContent === 'Session').nextElementSibling.textContent);
  assert.match(sessionId, /^sess_/);

  // The dashboard's user page shows the session by itself (it refreshes its sessions table).
  await dash.bringToFront();
  const row = dash.locator(`#sessions-table tr[data-session-id="${sessionId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /active/i);

  // Revoke it there.
  await row.getByRole('button', { name: 'Revoke' }).click();
  await dash.waitForFunction((id) => /revoked/i.test(document.querySelector(`#sessions-table tr[data-session-id="${id}"]`)?.textContent ?? ''), sessionId);
  assert.equal((await clerk.sessions.getSession(sessionId)).status, 'revoked');

  // Back on the quickstart's tab (headless Chromium moves no real focus between pages, so the
  // test sends the `focus` event a tab switch would): the session keeper touches the session,
  // the Frontend API says it is over, and the page shows the sign-in card again, without a reload.
  await quick.bringToFront();
  await quick.evaluate(() => {
    window.__sameDocument = true;
    window.dispatchEvent(new Event('focus'));
  });
  await quick.waitForFunction(() => document.getElementById('status').textContent === 'signed-out', null, { timeout: 20_000 });
  await quick.locator('#sign-in input[name=identifier]').waitFor();
  assert.equal(await quick.evaluate(() => window.__sameDocument), true, 'no reload happened');
  assert.deepEqual(dash.problems, []);
  assert.deepEqual(quick.problems, []);
  await context.close();
});

test('with short-lived tokens the quickstart drops to signed out by itself once the dashboard revokes its session', async () => {
  // 10-second session tokens: the keeper asks for a new one every few seconds, and the answer
  // for a revoked session ends it — no focus change, no reload.
  const file = join(mkdtempSync(join(tmpdir(), 'clerk-dash-')), 'clerk.toml');
  writeFileSync(file, '[session]\ntoken_lifetime_secs = 10\n');
  const short = await startDevServer({ config: file });
  try {
    const { user } = await createUser(backend(short), { prefix: 'dash-short' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const quick = await newPage(context);
    await quick.goto(`${short.frontendApiUrl}/`);
    await quick.locator('#sign-in .cl-root').waitFor();
    await signInByTicket(quick, short, await ticket(backend(short), user.id));
    await quick.waitForFunction((id) => document.getElementById('status').textContent === `signed-in:${id}`, user.id);
    await quick.evaluate(() => (window.__sameDocument = true));

    const dash = await dashboard(context, `#/users/${user.id}`, short);
    const row = dash.locator('#sessions-table tr[data-session-id]');
    await row.first().waitFor();
    await row.first().getByRole('button', { name: 'Revoke' }).click();
    await dash.waitForFunction(() => /revoked/i.test(document.querySelector('#sessions-table tr[data-session-id]')?.textContent ?? ''));

    await quick.waitForFunction(() => document.getElementById('status').textContent === 'signed-out', null, { timeout: 20_000 });
    await quick.locator('#sign-in input[name=identifier]').waitFor();
    assert.equal(await quick.evaluate(() => window.__sameDocument), true, 'no reload happened');
    assert.deepEqual(quick.problems, []);
    await context.close();
  } finally {
    short.stop();
  }
});

test('a code appears live in the dashboard outbox and verifies an email on the createEmailAddress demo page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { user } = await createUser(clerk, { prefix: 'dash-outbox' });
  const outbox = await dashboard(context, '#/outbox');
  await outbox.locator('table#outbox-table').waitFor();
  await outbox.evaluate(() => (window.__sameDocument = true));
  const rowsBefore = await outbox.locator('#outbox-table tr[data-message-id]').count();

  // The demo page runs the docs' code: createEmailAddress({ email: 'test@test.com' }).
  const demo = await newPage(context);
  await demo.goto(`${dev.frontendApiUrl}/www/examples/create-email-address.html`);
  await demo.locator('#sign-in .cl-root').waitFor();
  await signInByTicket(demo, dev, await ticket(clerk, user.id));
  await demo.locator('#log .entry', { hasText: 'test@test.com' }).first().waitFor();
  await demo.click('#send-code');

  // The outbox shows the new message without a reload.
  await outbox.bringToFront();
  const row = outbox.locator('#outbox-table tr[data-message-id]', { hasText: 'test@test.com' });
  await row.first().waitFor();
  assert.equal(await outbox.evaluate(() => window.__sameDocument), true, 'the outbox updated itself');
  assert.equal(await outbox.locator('#outbox-table tr[data-message-id]').count(), rowsBefore + 1);
  const code = (await row.first().locator('td.code').textContent()).replace(/\D/g, '');
  assert.match(code, /^\d{6}$/);

  // Typed into the demo page, it verifies the address.
  await demo.bringToFront();
  await demo.fill('#code', code);
  await demo.click('#verify');
  await demo.locator('#log .entry', { hasText: 'verified' }).first().waitFor();
  const fresh = await clerk.users.getUser(user.id);
  const added = fresh.emailAddresses.find((e) => e.emailAddress === 'test@test.com');
  assert.equal(added?.verification?.status, 'verified');
  assert.deepEqual(outbox.problems, []);
  await context.close();
});

test('a page on another origin cannot read the dashboard, nor create or delete users through it', async () => {
  const { user } = await createUser(clerk, { prefix: 'dash-victim' });
  const before = await userCount();
  const api = `${dev.frontendApiUrl}/dev/api/bapi/v1/users`;
  const body = JSON.stringify({ email_address: [uniqueEmail('dash-attacker')], skip_password_checks: true });
  const pages = await servePages({
    '/attack.html': `<!doctype html><html><body>
<form id="f" method="post" action="${api}" enctype="text/plain" target="sink"><input name='${body.slice(0, -1)}, "x": "' value='"}'></form>
<iframe name="sink"></iframe>
<script>
window.attempts = (async () => {
  const out = {};
  const tryIt = async (name, f) => { try { const r = await f(); out[name] = r.type === 'opaque' ? 'opaque' : r.status; } catch (e) { out[name] = 'blocked'; } };
  // Reading the dashboard (its CSRF token is in the page): no CORS, so the read fails.
  await tryIt('read', () => fetch('${dev.frontendApiUrl}/dev/'));
  // A simple request the browser sends without asking: it carries no CSRF token.
  await tryIt('create', () => fetch('${api}', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} }));
  // With a guessed token or as DELETE the browser must ask first, and the dashboard never says yes.
  await tryIt('createWithToken', () => fetch('${api}', { method: 'POST', headers: { 'x-clerk-dev-csrf': 'guess', 'content-type': 'application/json' }, body: ${JSON.stringify(body)} }));
  await tryIt('delete', () => fetch('${api}/${user.id}', { method: 'DELETE' }));
  return out;
})();
</script></body></html>`,
  });
  try {
    const page = await newPage(await browser.newContext());
    const submitted = page.waitForResponse((r) => r.url() === api && r.request().method() === 'POST');
    await page.goto(`${pages.origin}/attack.html`);
    await page.evaluate(() => document.getElementById('f').submit());
    assert.equal((await submitted).status(), 403, 'the cross-site form post is refused');
    const attempts = await page.evaluate(() => window.attempts);
    assert.deepEqual(attempts, { read: 'blocked', create: 'opaque', createWithToken: 'blocked', delete: 'blocked' });
  } finally {
    await pages.close();
  }
  // Nothing changed: no user added, the victim still there.
  assert.equal(await userCount(), before);
  assert.equal((await clerk.users.getUser(user.id)).id, user.id);
});

test("a DNS-rebound name for the dev server's address gets nothing from the dashboard", async () => {
  // A made-up name resolving to 127.0.0.1, as an attacker's domain would after rebinding: the
  // page is on the dev server's own address and port, but its Host is not the dev server's.
  const port = new URL(dev.frontendApiUrl).port;
  const rebound = await launchBrowser(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
  try {
    const { user } = await createUser(clerk, { prefix: 'dash-rebind' });
    const before = await userCount();
    const page = await newPage(await rebound.newContext());
    const res = await page.goto(`http://rebind.test:${port}/dev/`);
    assert.equal(res.status(), 403);
    assert.equal((await res.json()).errors[0].code, 'host_invalid');
    assert.doesNotMatch(await page.content(), /clerk-dev-csrf/);
    // Same-origin from the rebound page's point of view, so the browser sends anything; the
    // dashboard still refuses by Host before it looks at anything else.
    const results = await page.evaluate(async (id) => {
      const api = '/dev/api/bapi/v1/users';
      const send = (path, init) => fetch(path, init).then(async (r) => [r.status, (await r.json()).errors?.[0]?.code]);
      return {
        list: await send(`${api}?limit=10`, { headers: { 'x-clerk-dev-csrf': 'guess' } }),
        create: await send(api, { method: 'POST', headers: { 'x-clerk-dev-csrf': 'guess', 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rebound' }) }),
        remove: await send(`${api}/${id}`, { method: 'DELETE', headers: { 'x-clerk-dev-csrf': 'guess' } }),
        secret: await send('/dev/api/secret-key', { method: 'POST', headers: { 'x-clerk-dev-csrf': 'guess' } }),
      };
    }, user.id);
    assert.deepEqual(results, {
      list: [403, 'host_invalid'],
      create: [403, 'host_invalid'],
      remove: [403, 'host_invalid'],
      secret: [403, 'host_invalid'],
    });
    assert.equal(await userCount(), before);
    assert.equal((await clerk.users.getUser(user.id)).id, user.id);
  } finally {
    await rebound.close();
  }
});
