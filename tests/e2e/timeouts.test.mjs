// No SDK call waits forever (issue 12): Chromium holds chosen Frontend API requests (request
// interception, the request never reaches the dev server) and the SDK must give up on time —
// `load()` after ClerkJS's 7 s for the client, finishing `degraded` and catching up later; any
// other call after the instance's deadline (`requestTimeout`), rejecting with a network error
// and changing nothing, after which a retry succeeds once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket, uniqueEmail } from './harness.mjs';
import { signedInPage } from './me-support.mjs';

let dev, browser, clerk, pages;

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  pages = await servePages({ '/app.html': '<!doctype html><html><body><p>app</p></body></html>' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

/** A page where a new user is signed in (the SDK not loaded yet). */
async function signedInUser() {
  const { user } = await createUser(clerk, { prefix: 'timeout' });
  const page = await signedInPage(browser, dev, clerk, user.id, `${pages.origin}/app.html`);
  return { user, page };
}

/**
 * Intercepts the Frontend API requests `which(method, path)` selects: the first `count` of them
 * are held (never answered, never sent on); the rest go through. Returns how many were held.
 */
async function hold(page, which, count = 1) {
  const held = [];
  await page.route(
    (url) => url.href.startsWith(dev.frontendApiUrl),
    (route) => {
      const req = route.request();
      const url = new URL(req.url());
      const method = url.searchParams.get('_method') ?? req.method();
      if (which(method, url.pathname) && held.length < count) {
        held.push(url.pathname);
        return; // no answer, ever
      }
      return route.continue();
    },
  );
  return held;
}

/** `new Clerk(key, options).load()` in the page, bounded: resolves to what happened and when. */
function load(page, options) {
  return page.evaluate(
    async ({ fapi, key, options }) => {
      const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
      window.sdk = new Clerk(key, options);
      const started = performance.now();
      const outcome = await Promise.race([
        window.sdk.load().then(
          () => ({ resolved: true }),
          (e) => ({ rejected: { name: e.name, code: e.code, status: e.status, errorCode: e.errors?.[0]?.code } }),
        ),
        new Promise((r) => setTimeout(() => r({ pending: true }), 20_000)),
      ]);
      const sessionCookie = document.cookie.split('; ').some((c) => c.startsWith('__session=') && c.length > '__session='.length);
      return { ...outcome, ms: performance.now() - started, status: window.sdk.status, loaded: window.sdk.loaded, user: window.sdk.user?.id ?? null, sessionCookie };
    },
    { fapi: dev.frontendApiUrl, key: dev.publishableKey, options },
  );
}

test('load(): no answer for the client → gives up after 7 s, finishes degraded with the user unchanged, then catches up', async () => {
  const { user, page } = await signedInUser();
  const held = await hold(page, (method, path) => method === 'GET' && path === '/v1/client');
  const r = await load(page);
  assert.deepEqual(held, ['/v1/client']);
  assert.equal(r.resolved, true, JSON.stringify(r));
  assert.ok(r.ms >= 6900 && r.ms < 12_000, `load() took ${r.ms} ms`);
  assert.equal(r.status, 'degraded');
  assert.equal(r.loaded, true);
  assert.equal(r.user, null, 'no user is made up while the client is unknown');
  // Nor is anyone signed out: the page's server keeps the session cookie it had.
  assert.ok(r.sessionCookie, 'the __session cookie survives a degraded load()');
  // load() asks once more in the background (this time answered): the page catches up.
  await page.waitForFunction(() => window.sdk.user !== null, null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.sdk.user.id), user.id);
  assert.equal(await page.evaluate(() => window.sdk.status), 'degraded');
  await page.context().close();
});

test('load(): requestTimeout shortens the client deadline; an unanswered environment also degrades', async () => {
  const { page } = await signedInUser();
  await hold(page, (method, path) => (method === 'GET' && path === '/v1/client') || path === '/v1/environment', 3);
  const r = await load(page, { requestTimeout: 1500 });
  assert.equal(r.resolved, true, JSON.stringify(r));
  assert.ok(r.ms >= 1400 && r.ms < 5000, `load() took ${r.ms} ms`);
  assert.deepEqual([r.status, r.loaded, r.user], ['degraded', true, null]);
  // The environment reads as the defaults; the SDK stays usable.
  assert.equal(await page.evaluate(() => typeof window.sdk.client.signIn.create), 'function');
  await page.context().close();
});

test('load(): a client answer of 5xx degrades, a 4xx fails load() with status "error"', async () => {
  for (const [status, expect] of [
    [503, 'degraded'],
    [400, 'error'],
  ]) {
    const { page } = await signedInUser();
    await page.route(
      (url) => url.href.startsWith(`${dev.frontendApiUrl}/v1/client`) && new URL(url).pathname === '/v1/client',
      (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({
              status,
              contentType: 'application/json',
              headers: { 'access-control-allow-origin': pages.origin, 'access-control-allow-credentials': 'true' },
              body: JSON.stringify({ errors: [{ code: 'test_refusal', message: 'refused', long_message: 'Refused by the test.', meta: {} }] }),
            })
          : route.continue(),
    );
    const r = await load(page);
    assert.equal(r.status, expect, `${status}: ${JSON.stringify(r)}`);
    if (expect === 'error') {
      assert.deepEqual(r.rejected, { name: 'ClerkAPIResponseError', code: 'api_response_error', status: 400, errorCode: 'test_refusal' });
      assert.equal(r.loaded, false);
    } else {
      assert.equal(r.resolved, true);
    }
    await page.context().close();
  }
});

test('a mutation with no answer rejects after requestTimeout with a network error; the retry creates exactly one address', async () => {
  const { user, page } = await signedInUser();
  const held = await hold(page, (method, path) => method === 'POST' && path === '/v1/me/email_addresses/');
  const r = await load(page, { requestTimeout: 2000 });
  assert.deepEqual([r.resolved, r.status, r.user], [true, 'ready', user.id]);
  const email = uniqueEmail('timeout');
  const first = await page.evaluate(async (email) => {
    const before = window.sdk.user.emailAddresses.length;
    const started = performance.now();
    try {
      await Promise.race([window.sdk.user.createEmailAddress({ email }), new Promise((_, no) => setTimeout(() => no(new Error('still pending')), 15_000))]);
      return { resolved: true };
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message, errors: e.errors, ms: performance.now() - started, before, after: window.sdk.user.emailAddresses.length };
    }
  }, email);
  assert.deepEqual(held, ['/v1/me/email_addresses/']);
  assert.equal(first.code, 'network_error', JSON.stringify(first));
  assert.equal(first.name, 'ClerkRuntimeError');
  assert.deepEqual(first.errors, []);
  assert.match(first.message, /no answer within 2000 ms/);
  assert.ok(first.ms >= 1900 && first.ms < 6000, `rejected after ${first.ms} ms`);
  assert.equal(first.after, first.before, 'clerk.user unchanged');

  const retry = await page.evaluate(async (email) => {
    const made = await window.sdk.user.createEmailAddress({ email });
    return { value: made.emailAddress, listed: window.sdk.user.emailAddresses.filter((e) => e.emailAddress === email).length };
  }, email);
  assert.deepEqual(retry, { value: email, listed: 1 });
  const server = await clerk.users.getUser(user.id);
  assert.equal(server.emailAddresses.filter((e) => e.emailAddress === email).length, 1);
  await page.context().close();
});

test('load()\'s background client fetch does not undo a sign-in made before it answers', async () => {
  const { user } = await createUser(clerk, { prefix: 'timeout' });
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/app.html`);
  // load()'s client fetch gets no answer; the background one is answered by the server at once
  // but handed to the page only later, after a sign-in: by then its client is stale.
  let gets = 0;
  let release;
  const released = new Promise((r) => (release = r));
  await page.route(
    (url) => url.href.startsWith(`${dev.frontendApiUrl}/v1/client?`),
    async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      gets += 1;
      if (gets === 1) return; // load()'s: no answer
      const stale = await route.fetch();
      await released;
      return route.fulfill({ response: stale });
    },
  );
  const r = await load(page, { requestTimeout: 1500 });
  assert.deepEqual([r.resolved, r.status, r.user], [true, 'degraded', null]);
  const token = await ticket(clerk, user.id);
  const signedIn = await page.evaluate(async (token) => {
    const si = await window.sdk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await window.sdk.setActive({ session: si.createdSessionId });
    return window.sdk.user?.id;
  }, token);
  assert.equal(signedIn, user.id);
  assert.equal(gets, 2, 'the background fetch was made');
  release();
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.sdk.user?.id ?? null), user.id, 'still signed in');
  await page.context().close();
});
