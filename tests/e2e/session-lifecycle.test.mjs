// Sessions that stay alive, agree across tabs and switch as ClerkJS's do (issue 13): a page left
// idle keeps a valid `__session`; a sign-out in one tab reaches the others; two idle tabs do not
// mint twice the tokens; multi-session add / switch / sign-out of one; a session revoked from
// another device or through the Backend API, or past its lifetime, drops the page to signed
// out within one refresh interval; JWT templates; a Frontend API that stops answering during
// refreshes; `getToken`'s cache and shared requests. Everything runs against dev servers with
// 10-second session tokens, so that refreshes happen every few seconds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createPublicKey, createVerify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken } from '@clerk/backend';
import { advanceClock, backend, capturedRequests, clearRequests, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

const HS256_KEY = 'a-shared-secret-of-the-hasura-kind-0123456789';

/** A dev-server config file with `toml` in it. */
function config(toml) {
  const file = join(mkdtempSync(join(tmpdir(), 'clerk-lifecycle-')), 'clerk.toml');
  writeFileSync(file, toml);
  return file;
}

const SESSION = (single) => `[session]\ntoken_lifetime_secs = 10\nlifetime_secs = 3600\nsingle_session_mode = ${single}\n`;
const TEMPLATES = `
[jwt_templates.standard]
lifetime_secs = 120
claims = { email = "{{user.primary_email_address}}", meta = "{{user.public_metadata}}", greeting = "hi {{user.first_name}}", plan = "{{user.public_metadata.plan}}", fixed = 7 }

[jwt_templates.hasura]
signing_key = "${HS256_KEY}"
claims = { "https://hasura.io/jwt/claims" = { "x-hasura-user-id" = "{{user.id}}", "x-hasura-default-role" = "user" } }
`;

let single, multi, browser, pages;

before(async () => {
  [single, multi] = await Promise.all([
    startDevServer({ config: config(SESSION(true) + TEMPLATES), movableClock: true }),
    startDevServer({ config: config(SESSION(false)) }),
  ]);
  single.clerk = backend(single);
  multi.clerk = backend(multi);
  pages = await servePages({ '/app.html': '<!doctype html><html><body><p>app</p></body></html>' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  single?.stop();
  multi?.stop();
});

/** The claims of a compact JWT (unverified). */
function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

/**
 * Loads the SDK in `page` as `window.sdk` with `options`, recording every listener call in
 * `window.events` (`{at, user, session}`) and the page's token requests in `page.tokens`.
 */
async function loadSdk(page, dev, options) {
  page.tokens ??= [];
  page.on('request', (r) => {
    if (/\/v1\/client\/sessions\/[^/]+\/tokens/.test(r.url())) page.tokens.push({ at: Date.now(), url: r.url() });
  });
  await page.evaluate(
    async ({ fapi, key, options }) => {
      const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
      window.events = [];
      window.sdk = new Clerk(key);
      window.sdk.addListener(({ user, session }) => window.events.push({ at: Date.now(), user: user?.id ?? null, session: session?.id ?? null }));
      await window.sdk.load(options);
    },
    { fapi: dev.frontendApiUrl, key: dev.publishableKey, options },
  );
}

/** A new context whose page has `userId` signed in (by ticket), the SDK loaded. */
async function signedIn(dev, userId, context) {
  const page = await newPage(context ?? (await browser.newContext()));
  await page.goto(`${pages.origin}/app.html`);
  await signInByTicket(page, dev, await ticket(dev.clerk, userId));
  await loadSdk(page, dev);
  return page;
}

/** The page's `__session` cookie, or null. */
function sessionCookie(page) {
  return page.evaluate(() => document.cookie.split('; ').find((c) => c.startsWith('__session='))?.slice('__session='.length) || null);
}

/** Waits (polling, bounded by `ms`) until the page's listener saw nobody signed in; resolves to when. */
async function signedOutWithin(page, ms) {
  const handle = await page.waitForFunction(() => window.events.find((e) => e.user === null)?.at, null, { timeout: ms, polling: 100 });
  return handle.jsonValue();
}

test('an idle page keeps __session valid: 10 s tokens, 25 s without activity', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'idle' });
  const page = await signedIn(single, user.id);
  const sid = await page.evaluate(() => window.sdk.session.id);
  await page.waitForTimeout(25_000);
  const jwt = await sessionCookie(page);
  assert.ok(jwt, '__session is set');
  const claims = claimsOf(jwt);
  assert.equal(claims.sid, sid);
  assert.ok(claims.exp > Date.now() / 1000, `exp ${claims.exp} is in the future`);
  const verified = await verifyToken(jwt, { secretKey: single.secretKey, apiUrl: single.bapiUrl });
  assert.equal(verified.sub, user.id);
  // ClerkJS sent 4 token requests in the same 25 s; a refresh every few seconds, not a storm.
  assert.ok(page.tokens.length >= 3 && page.tokens.length <= 8, `${page.tokens.length} token requests`);
  assert.deepEqual(page.problems, []);
});

test('two tabs: idle, they do not mint twice the tokens; a sign-out in one signs the other out within 2 s', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'tabs' });
  const a = await signedIn(single, user.id);
  const b = await newPage(a.context());
  await b.goto(`${pages.origin}/app.html`);
  await loadSdk(b, single);
  assert.equal(await b.evaluate(() => window.sdk.user?.id), user.id);
  const from = Date.now();
  await a.waitForTimeout(20_000);
  const minted = [...a.tokens, ...b.tokens].filter((t) => t.at >= from).length;
  // One tab alone refreshes a 10 s token about every 5 s (4 in 20 s); two that did not share
  // would send about 8.
  assert.ok(minted >= 2 && minted <= 6, `${minted} token requests from two tabs in 20 s`);

  const signedOutAt = await a.evaluate(async () => {
    await window.sdk.signOut(() => undefined);
    return Date.now();
  });
  const seenAt = await signedOutWithin(b, 2_000);
  assert.ok(seenAt - signedOutAt <= 2_000, `the other tab saw the sign-out after ${seenAt - signedOutAt} ms`);
  assert.equal(await b.evaluate(() => window.sdk.user), null);
  assert.equal(await sessionCookie(b), null);
  assert.deepEqual([...a.problems, ...b.problems], []);
});

test('multi-session: add an account, switch, sign one out, then all', async () => {
  const { user: one } = await createUser(multi.clerk, { prefix: 'multi-one' });
  const { user: two } = await createUser(multi.clerk, { prefix: 'multi-two' });
  const page = await signedIn(multi, one.id);
  const added = await page.evaluate(async (token) => {
    const si = await window.sdk.client.signIn.create({ strategy: 'ticket', ticket: token });
    window.events.length = 0;
    await window.sdk.setActive({ session: si.createdSessionId });
    return {
      signedIn: window.sdk.client.signedInSessions.map((s) => s.user.id).sort(),
      user: window.sdk.user.id,
      emitted: window.events.map((e) => e.user),
      cookieSid: JSON.parse(atob(document.cookie.split('; ').find((c) => c.startsWith('__session=')).split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sid,
      session: window.sdk.session.id,
    };
  }, await ticket(multi.clerk, two.id));
  assert.deepEqual(added.signedIn, [one.id, two.id].sort());
  assert.equal(added.user, two.id);
  assert.ok(added.emitted.includes(two.id), 'listeners heard of the switch');
  assert.equal(added.cookieSid, added.session, '__session follows the current session');

  const switched = await page.evaluate(async (oneId) => {
    const s = window.sdk.client.signedInSessions.find((s) => s.user.id === oneId);
    await window.sdk.setActive({ session: s });
    const jwt = document.cookie.split('; ').find((c) => c.startsWith('__session=')).split('=')[1];
    return { user: window.sdk.user.id, cookieSid: JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sid, session: window.sdk.session.id };
  }, one.id);
  assert.equal(switched.user, one.id);
  assert.equal(switched.cookieSid, switched.session);
  await page.evaluate((t) => (window.nextTicket = t), await ticket(multi.clerk, one.id));

  // Signing out of the current session ends only it: the page is signed out, the other
  // account stays signed in on the client (ClerkJS's `signOut({sessionId})`).
  const afterCurrent = await page.evaluate(async () => {
    await window.sdk.signOut(() => undefined, { sessionId: window.sdk.session.id });
    return { user: window.sdk.user, signedIn: window.sdk.client.signedInSessions.map((s) => s.user.id), cookie: document.cookie.includes('__session=') };
  });
  assert.deepEqual(afterCurrent, { user: null, signedIn: [two.id], cookie: false });

  // Signing out of another session keeps the current one.
  const afterOther = await page.evaluate(async (oneId) => {
    await window.sdk.setActive({ session: window.sdk.client.signedInSessions[0] });
    const si = await window.sdk.client.signIn.create({ strategy: 'ticket', ticket: window.nextTicket });
    const other = window.sdk.client.signedInSessions.find((s) => s.id !== window.sdk.session.id);
    await window.sdk.signOut({ sessionId: other.id });
    return { user: window.sdk.user?.id ?? null, signedIn: window.sdk.client.signedInSessions.map((s) => s.user.id), created: si.status, oneGone: !window.sdk.client.signedInSessions.some((s) => s.user.id === oneId) };
  }, one.id);
  assert.deepEqual(afterOther, { user: two.id, signedIn: [two.id], created: 'complete', oneGone: true });

  const afterAll = await page.evaluate(async () => {
    await window.sdk.signOut(() => undefined);
    return { user: window.sdk.user, signedIn: window.sdk.client.signedInSessions.length, cookie: document.cookie.includes('__session=') };
  });
  assert.deepEqual(afterAll, { user: null, signedIn: 0, cookie: false });
  assert.deepEqual(page.problems, []);
});

test('single-session mode: a second sign-in on the client is refused with session_exists', async () => {
  const { user: one } = await createUser(single.clerk, { prefix: 'single-one' });
  const { user: two } = await createUser(single.clerk, { prefix: 'single-two' });
  const page = await signedIn(single, one.id);
  const refused = await page.evaluate(async (token) => {
    try {
      await window.sdk.client.signIn.create({ strategy: 'ticket', ticket: token });
      return null;
    } catch (e) {
      return { status: e.status, code: e.errors?.[0]?.code };
    }
  }, await ticket(single.clerk, two.id));
  assert.deepEqual(refused, { status: 400, code: 'session_exists' });
  assert.equal(await page.evaluate(() => window.sdk.user.id), one.id);
});

test('a session revoked from another device reaches the page within one refresh interval', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'revoke-device' });
  const victim = await signedIn(single, user.id);
  const other = await signedIn(single, user.id);
  const victimSid = await victim.evaluate(() => window.sdk.session.id);
  const revokedAt = await other.evaluate(async (sid) => {
    const sessions = await window.sdk.user.getSessions();
    await sessions.find((s) => s.id === sid).revoke();
    return Date.now();
  }, victimSid);
  const seenAt = await signedOutWithin(victim, 12_000);
  assert.ok(seenAt - revokedAt <= 12_000);
  assert.equal(await sessionCookie(victim), null, '__session cleared');
  assert.equal(await other.evaluate(() => window.sdk.user?.id), user.id, 'the revoking device stays signed in');
  assert.deepEqual(victim.problems, []);
});

test('a session revoked through the Backend API reaches the page within one refresh interval', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'revoke-bapi' });
  const page = await signedIn(single, user.id);
  const sid = await page.evaluate(() => window.sdk.session.id);
  const listed = await single.clerk.sessions.getSessionList({ userId: user.id, status: 'active' });
  const ids = (listed.data ?? listed).map((s) => s.id);
  assert.ok(ids.includes(sid), 'the Backend API lists the session');
  const revoked = await single.clerk.sessions.revokeSession(sid);
  assert.equal(revoked.status, 'revoked');
  const at = Date.now();
  const seenAt = await signedOutWithin(page, 12_000);
  assert.ok(seenAt - at <= 12_000);
  assert.equal(await sessionCookie(page), null);
});

test('a session past its lifetime (movable clock) drops the page to signed out', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'lifetime' });
  const page = await signedIn(single, user.id);
  await advanceClock(single, 3_601_000);
  const at = Date.now();
  const seenAt = await signedOutWithin(page, 12_000);
  assert.ok(seenAt - at <= 12_000);
  assert.equal(await sessionCookie(page), null);
  assert.deepEqual(page.problems, []);
});

test('JWT templates: claims expanded, RS256 verifies with the JWKS, HS256 with its key; unknown template refused', async () => {
  const { user, email } = await createUser(single.clerk, { prefix: 'templates', publicMetadata: { plan: 'pro', seats: 3 } });
  const page = await signedIn(single, user.id);
  const r = await page.evaluate(async () => {
    const s = window.sdk.session;
    const standard = await s.getToken({ template: 'standard' });
    const again = await s.getToken({ template: 'standard' });
    const hasura = await s.getToken({ template: 'hasura' });
    let unknown = null;
    try {
      await s.getToken({ template: 'nope' });
    } catch (e) {
      unknown = { status: e.status, code: e.errors?.[0]?.code };
    }
    return { standard, again, hasura, unknown, session: await s.getToken() };
  });
  assert.equal(r.again, r.standard, 'a template token is cached too');
  assert.notEqual(r.standard, r.session);
  const std = claimsOf(r.standard);
  assert.equal(std.sub, user.id);
  assert.equal(std.email, email);
  assert.deepEqual(std.meta, { plan: 'pro', seats: 3 });
  assert.equal(std.greeting, 'hi Pat');
  assert.equal(std.plan, 'pro');
  assert.equal(std.fixed, 7);
  assert.equal(std.exp - std.iat, 120);
  // RS256 with the instance key: verified against the JWKS the dev server publishes.
  const [h, p, sig] = r.standard.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  assert.equal(header.alg, 'RS256');
  const jwks = await (await fetch(`${single.frontendApiUrl}/.well-known/jwks.json`)).json();
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, 'the JWKS has the template token key');
  assert.ok(createVerify('RSA-SHA256').update(`${h}.${p}`).verify(createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(sig, 'base64url')));
  // HS256 with the template's own key.
  const [hh, hp, hsig] = r.hasura.split('.');
  assert.equal(JSON.parse(Buffer.from(hh, 'base64url')).alg, 'HS256');
  assert.equal(createHmac('sha256', HS256_KEY).update(`${hh}.${hp}`).digest('base64url'), hsig);
  assert.deepEqual(claimsOf(r.hasura)['https://hasura.io/jwt/claims'], { 'x-hasura-user-id': user.id, 'x-hasura-default-role': 'user' });
  assert.deepEqual(r.unknown, { status: 404, code: 'resource_not_found' });
});

test('getToken: a fresh cached token costs no request, concurrent calls share one request, skipCache forces one', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'cache' });
  const page = await signedIn(single, user.id);
  const r = await page.evaluate(async () => {
    const s = window.sdk.session;
    const count = (re) => performance.getEntriesByType('resource').filter((e) => re.test(e.name)).length;
    performance.clearResourceTimings();
    const cached = await s.getToken();
    const afterCached = count(/\/tokens(\?|$)/);
    // No token of the template is cached yet: five concurrent calls, one request.
    const five = await Promise.all(Array.from({ length: 5 }, () => s.getToken({ template: 'standard' })));
    const templateRequests = count(/\/tokens\/standard/);
    const forced = await s.getToken({ skipCache: true });
    return { cached, afterCached, distinct: new Set(five).size, templateRequests, forcedNew: forced !== cached, afterForced: count(/\/tokens(\?|$)/) };
  });
  assert.ok(r.cached);
  assert.equal(r.afterCached, 0, 'a fresh cached token needs no request');
  assert.equal(r.distinct, 1);
  assert.equal(r.templateRequests, 1, 'five concurrent calls share one request');
  assert.equal(r.afterForced, 1, 'skipCache sends a request');
  assert.ok(r.forcedNew);
});

test('the Frontend API unreachable during refreshes: no unhandled rejection, state kept, recovery when it is back', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'offline' });
  const page = await signedIn(single, user.id);
  let refused = 0;
  const offline = (route) => {
    refused += 1;
    return route.abort('internetdisconnected');
  };
  const fapi = (url) => url.href.startsWith(single.frontendApiUrl);
  await page.route(fapi, offline);
  await page.waitForTimeout(12_000);
  assert.ok(refused >= 1, 'refreshes were attempted while offline');
  assert.equal(await page.evaluate(() => window.sdk.user?.id), user.id, 'the user is kept');
  assert.equal(await page.evaluate(() => window.events.some((e) => e.user === null)), false, 'no sign-out was emitted');
  await page.unroute(fapi, offline);
  const back = Date.now();
  await page.waitForFunction(
    (since) => {
      const jwt = document.cookie.split('; ').find((c) => c.startsWith('__session='))?.split('=')[1];
      if (!jwt) return false;
      const claims = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return claims.iat * 1000 >= since - 1000 && claims.exp * 1000 > Date.now();
    },
    back,
    { timeout: 25_000, polling: 250 },
  );
  assert.deepEqual(
    page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|net::/.test(p)),
    [],
  );
});

test("the token requests are ClerkJS's: the session token (skipCache), a template's, a touch", async () => {
  const log = async (sid) => {
    return (await capturedRequests(single, `/v1/client/sessions/${sid}`))
      .filter((r) => r.query.some(([k]) => k === 'debug') || r.path.includes('/tokens/') || r.path.endsWith('/touch'))
      .map((r) => ({
        method: r.method,
        path: r.path.replace(sid, '<sid>'),
        queryKeys: r.query.map(([k]) => k).sort(),
        body: (r.body ?? '').replace(/tab_state=(focused|visible|hidden)/, 'tab_state=<state>'),
      }));
  };
  const calls = async (c) => {
    await c.session.getToken({ skipCache: true });
    await c.session.getToken({ template: 'standard' });
    await c.session.touch();
    return c.session.id;
  };
  const { user: a } = await createUser(single.clerk, { prefix: 'parity-cjs' });
  const cjs = await newPage(await browser.newContext());
  await cjs.goto(`${pages.origin}/app.html`);
  await signInByTicket(cjs, single, await ticket(single.clerk, a.id));
  await cjs.evaluate(
    async ({ key, proxy }) => {
      await new Promise((resolve, reject) => {
        const s = Object.assign(document.createElement('script'), { src: '/clerk-js/clerk.browser.js', onload: resolve, onerror: reject });
        s.dataset.clerkPublishableKey = key;
        s.dataset.clerkProxyUrl = proxy;
        document.head.append(s);
      });
      await window.Clerk.load();
    },
    { key: single.publishableKey, proxy: single.frontendApiUrl },
  );
  await clearRequests(single);
  const theirs = await cjs.evaluate(`(${calls})(window.Clerk)`);
  const expected = await log(theirs);
  const { user: b } = await createUser(single.clerk, { prefix: 'parity-wasm' });
  const ours = await signedIn(single, b.id);
  await clearRequests(single);
  const mine = await ours.evaluate(`(${calls})(window.sdk)`);
  assert.equal(expected.length, 3, JSON.stringify(expected));
  assert.deepEqual(await log(mine), expected);
});

test('two tabs on different sessions: a background refresh does not take __session from the tab chosen last', async () => {
  const { user: one } = await createUser(multi.clerk, { prefix: 'ctx-one' });
  const { user: two } = await createUser(multi.clerk, { prefix: 'ctx-two' });
  const a = await signedIn(multi, one.id);
  const b = await newPage(a.context());
  await b.goto(`${pages.origin}/app.html`);
  await loadSdk(b, multi);
  // Neither tab has the focus (headless Chromium reports it for every page).
  for (const p of [a, b]) await p.evaluate(() => (document.hasFocus = () => false));
  const chosen = await b.evaluate(async (token) => {
    const si = await window.sdk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await window.sdk.setActive({ session: si.createdSessionId });
    return window.sdk.session.id;
  }, await ticket(multi.clerk, two.id));
  const sidInCookie = async () => claimsOf(await sessionCookie(a)).sid;
  assert.equal(await sidInCookie(), chosen);
  const before = a.tokens.length;
  await a.waitForTimeout(12_000);
  assert.ok(a.tokens.length > before, 'the first tab kept refreshing its own session');
  assert.equal(await a.evaluate(() => window.sdk.user.id), one.id);
  assert.equal(await sidInCookie(), chosen, '__session still names the session chosen last');
  assert.deepEqual([...a.problems, ...b.problems], []);
});
