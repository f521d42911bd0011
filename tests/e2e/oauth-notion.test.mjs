// Clerk's Notion connection example ("Create user metadata", createExternalAccount) run in
// headless Chromium against the dev server's mock provider: the example page (served on its own
// loopback origin; see oauth-support.mjs for the three lines that differ from the docs), a user
// signed in by ticket, the button, the consent screen, and back on `/` the status the example
// shows. Approve, deny, an identity claimed by another user; forged and replayed callbacks and
// refused redirect URLs connecting nothing; and the same round trip through the official
// @clerk/clerk-js.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { decide, externalAccounts, onConsent, serveNotionExample, signInByTicket } from './oauth-support.mjs';

let dev, browser, clerk, notion, pages;

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  notion = await serveNotionExample(dev);
  pages = await servePages({
    '/clerkjs.html': `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${dev.publishableKey}" data-clerk-proxy-url="${dev.frontendApiUrl}"></script>
<script>window.addEventListener('load', async () => { await Clerk.load(); window.ready = true; });</script>
</body></html>`,
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await notion?.close();
  await pages?.close();
  dev?.stop();
});

const status = (page) => page.textContent('#notion-status');

/** A new user signed in on the Notion example page, before any Notion account. */
async function signedInOnExample(extra = {}) {
  const { user, email } = await createUser(clerk, extra);
  const page = await newPage(await browser.newContext());
  await page.goto(`${notion.origin}/`);
  await page.locator('#sign-in .cl-root').waitFor(); // signed out: the example mounts the sign-in
  await signInByTicket(page, dev, await ticket(clerk, user.id));
  // The guarded status line: no Notion account yet.
  await page.waitForFunction(() => document.getElementById('notion-status').textContent === 'undefined');
  return { page, user, email };
}

/** Clicks the example's button and waits for the consent screen. */
async function addNotion(page) {
  await page.click('#add-notion');
  await onConsent(page, dev, 'notion');
}

/** Back on the example's `/`, once it shows a status. */
async function backOnExample(page, expected) {
  await page.waitForURL(`${notion.origin}/`);
  await page.waitForFunction((s) => document.getElementById('notion-status').textContent === s, expected);
}

test('approving connects Notion: the example shows verified', async () => {
  const { page, email } = await signedInOnExample({ prefix: 'notion-ok' });
  await addNotion(page);
  assert.match(await page.textContent('#asks'), /wants to connect your Notion account/);
  assert.deepEqual(await page.locator('#scopes code').allTextContents(), ['read_content', 'read_user_with_email']);
  assert.equal(await page.inputValue('#email_address'), email, 'the mock identity is derived from the user');
  await decide(page, 'approve');
  await backOnExample(page, 'verified');
  const accounts = await externalAccounts(page, dev);
  assert.equal(accounts.length, 1);
  assert.deepEqual(
    { provider: accounts[0].provider, status: accounts[0].status, scopes: accounts[0].approvedScopes, email: accounts[0].emailAddress },
    { provider: 'notion', status: 'verified', scopes: 'read_content read_user_with_email', email },
  );
  assert.match(accounts[0].providerUserId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.deepEqual(page.problems, []);
});

test('denying leaves Notion unconnected with oauth_access_denied', async () => {
  const { page } = await signedInOnExample({ prefix: 'notion-deny' });
  await addNotion(page);
  await decide(page, 'deny');
  await backOnExample(page, 'failed');
  const [n] = await externalAccounts(page, dev);
  assert.deepEqual({ status: n.status, errorCode: n.errorCode }, { status: 'failed', errorCode: 'oauth_access_denied' });
});

test('an identity another user already has is oauth_identification_claimed', async () => {
  const { email: theirs } = await createUser(clerk, { prefix: 'notion-owner' });
  const { page } = await signedInOnExample({ prefix: 'notion-claim' });
  await addNotion(page);
  await decide(page, 'approve', { email_address: theirs });
  await backOnExample(page, 'expired');
  const [n] = await externalAccounts(page, dev);
  assert.deepEqual({ status: n.status, errorCode: n.errorCode, email: n.emailAddress }, { status: 'expired', errorCode: 'oauth_identification_claimed', email: '' });
});

test('a forged or replayed callback is refused and connects nothing', async () => {
  const { page } = await signedInOnExample({ prefix: 'notion-forge' });
  await addNotion(page);
  const state = new URL(page.url()).searchParams.get('state');

  // A forged state (and a forged approval of the real state) never reach the account.
  let res = await page.goto(`${dev.frontendApiUrl}/v1/oauth_callback?state=forged-${state.slice(6)}&code=anything`);
  assert.equal(res.status(), 400);
  assert.equal(await page.textContent('#error-code'), 'oauth_callback_invalid');
  res = await page.goto(`${dev.frontendApiUrl}/v1/oauth_callback?state=${state}&code=made-up`);
  assert.equal(res.status(), 400);
  assert.equal(await page.textContent('#error-code'), 'oauth_token_exchange_error');
  await page.goto(`${notion.origin}/`);
  await page.waitForFunction(() => document.getElementById('notion-status').textContent === 'unverified');

  // The real round trip, its callback recorded and replayed afterwards.
  let callback;
  page.on('request', (r) => {
    if (r.url().startsWith(`${dev.frontendApiUrl}/v1/oauth_callback?`)) callback = r.url();
  });
  await addNotion(page);
  await decide(page, 'approve');
  await backOnExample(page, 'verified');
  assert.ok(callback, 'the provider redirected to the callback');
  res = await page.goto(callback);
  assert.equal(res.status(), 400);
  assert.equal(await page.textContent('#error-code'), 'oauth_token_exchange_error');
  assert.match(await page.textContent('#error-message'), /already used/);
  await page.goto(`${notion.origin}/`);
  await page.waitForFunction(() => document.getElementById('notion-status').textContent === 'verified');
  assert.equal((await externalAccounts(page, dev)).length, 1, 'one Notion account, verified once');
});

test('a javascript: or foreign-origin redirect_url is refused and connects nothing', async () => {
  const { page } = await signedInOnExample({ prefix: 'notion-redirect' });
  const refusals = await page.evaluate(
    async ({ fapi, key }) => {
      const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
      const c = new Clerk(key);
      await c.load();
      const out = [];
      for (const redirectUrl of ['javascript:alert(document.cookie)', 'https://evil.example/steal', '//evil.example/steal']) {
        try {
          await c.user.createExternalAccount({ strategy: 'oauth_notion', redirectUrl });
          out.push({ redirectUrl, error: null });
        } catch (e) {
          out.push({ redirectUrl, error: e.errors?.[0]?.code, param: e.errors?.[0]?.meta?.paramName, status: e.status });
        }
      }
      return out;
    },
    { fapi: dev.frontendApiUrl, key: dev.publishableKey },
  );
  for (const r of refusals) assert.deepEqual(r, { redirectUrl: r.redirectUrl, error: 'invalid_redirect_url', param: 'redirect_url', status: 422 });
  assert.deepEqual(await externalAccounts(page, dev), []);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('notion-status').textContent === 'undefined');
});

test('ClerkJS: createExternalAccount, the provider, and back verified', async () => {
  const { user } = await createUser(clerk, { prefix: 'notion-cjs' });
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/clerkjs.html`);
  await page.waitForFunction(() => window.ready);
  const token = await ticket(clerk, user.id);
  const started = await page.evaluate(async (token) => {
    const si = await Clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await Clerk.setActive({ session: si.createdSessionId });
    const ea = await Clerk.user.createExternalAccount({ strategy: 'oauth_notion', redirectUrl: `${location.origin}/clerkjs.html` });
    return { provider: ea.provider, status: ea.verification.status, url: ea.verification.externalVerificationRedirectURL.href };
  }, token);
  assert.equal(started.provider, 'notion');
  assert.equal(started.status, 'unverified');
  await page.goto(started.url);
  await page.locator('#approve').waitFor();
  await decide(page, 'approve');
  await page.waitForURL(`${pages.origin}/clerkjs.html`);
  await page.waitForFunction(() => window.ready);
  const after = await page.evaluate(() => {
    const n = Clerk.user.externalAccounts.find((a) => a.provider === 'notion');
    return { status: n.verification.status, scopes: n.approvedScopes, verified: Clerk.user.verifiedExternalAccounts.length, email: n.emailAddress };
  });
  assert.deepEqual(after, { status: 'verified', scopes: 'read_content read_user_with_email', verified: 1, email: user.emailAddresses[0].emailAddress });
});
