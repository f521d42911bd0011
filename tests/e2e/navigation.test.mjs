// The navigation helpers and load() options (issue 13), with ClerkJS 6.40 as the oracle: the
// same page loads ClerkJS (script tag) or clerk-wasm with the same options, and every URL
// builder must give the same string — redirect URLs filtered by `allowedRedirectOrigins`,
// precedence of force / query / fallback URLs, initial values and redirect URLs in the hash.
// Then `navigate`: routerPush / routerReplace get same-origin paths, other origins load the
// page, a `javascript:` URL goes to `/`, a scheme-relative `//host` goes nowhere.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer } from './harness.mjs';

let dev, browser, pages;

before(async () => {
  dev = await startDevServer();
  pages = await servePages({
    '/nav.html': '<!doctype html><html><body><p>nav</p></body></html>',
    '/elsewhere.html': '<!doctype html><html><body><p>elsewhere</p></body></html>',
    '/home': '<!doctype html><html><body><p>home</p></body></html>',
    '/forced': '<!doctype html><html><body><p>forced</p></body></html>',
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

/** What each builder returns, with the load() options every case shares (run in the page). */
function builders(clerk) {
  const q = (s) => new URLSearchParams(s);
  return {
    signIn: clerk.buildSignInUrl(),
    signInRedirect: clerk.buildSignInUrl({ redirectUrl: '/after?x=1', initialValues: { emailAddress: 'a@b.co', firstName: 'Ada' } }),
    signInForce: clerk.buildSignInUrl({ signInForceRedirectUrl: '/forced', signInFallbackRedirectUrl: '/fallback' }),
    signInEvil: clerk.buildSignInUrl({ redirectUrl: 'https://evil.example.com/x' }),
    signInAllowedGlob: clerk.buildSignInUrl({ redirectUrl: 'https://app.example.org/in' }),
    signUp: clerk.buildSignUpUrl({ signUpForceRedirectUrl: '/welcome' }),
    afterSignIn: clerk.buildAfterSignInUrl(),
    afterSignInQuery: clerk.buildAfterSignInUrl({ params: q('redirect_url=/from-query') }),
    afterSignInQueryEvil: clerk.buildAfterSignInUrl({ params: q('redirect_url=https://evil.example.com/') }),
    afterSignInQueryForce: clerk.buildAfterSignInUrl({ params: q('sign_in_force_redirect_url=/query-force&redirect_url=/ignored') }),
    afterSignUp: clerk.buildAfterSignUpUrl(),
    afterSignUpQuery: clerk.buildAfterSignUpUrl({ params: q('redirect_url=/from-query') }),
    afterSignOut: clerk.buildAfterSignOutUrl(),
  };
}

const OPTIONS = {
  signInUrl: '/sign-in',
  signUpUrl: '/sign-up',
  afterSignOutUrl: '/bye',
  signInFallbackRedirectUrl: '/home',
  signUpForceRedirectUrl: '/onboarding',
  allowedRedirectOrigins: ['https://*.example.org'],
};

async function withClerkJs(page) {
  return page.evaluate(
    async ({ key, proxy, options, src }) => {
      await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/clerk-js/clerk.browser.js';
        s.dataset.clerkPublishableKey = key;
        s.dataset.clerkProxyUrl = proxy;
        s.onload = resolve;
        s.onerror = reject;
        document.head.append(s);
      });
      await window.Clerk.load({ ...options, allowedRedirectOrigins: [location.origin, ...options.allowedRedirectOrigins] });
      return new Function(`return (${src})`)()(window.Clerk);
    },
    { key: dev.publishableKey, proxy: dev.frontendApiUrl, options: OPTIONS, src: builders.toString() },
  );
}

async function withWasm(page, extra = {}) {
  return page.evaluate(
    async ({ fapi, key, options, src }) => {
      const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
      window.sdk = new Clerk(key);
      window.pushed = [];
      await window.sdk.load({
        ...options,
        allowedRedirectOrigins: [location.origin, ...options.allowedRedirectOrigins],
        routerPush: (to, meta) => window.pushed.push(['push', to, typeof meta]),
        routerReplace: async (to) => window.pushed.push(['replace', to]),
      });
      return new Function(`return (${src})`)()(window.sdk);
    },
    { fapi: dev.frontendApiUrl, key: dev.publishableKey, options: { ...OPTIONS, ...extra }, src: builders.toString() },
  );
}

test('the URL builders give what ClerkJS gives, for the same options', async () => {
  const cjsPage = await newPage(await browser.newContext());
  await cjsPage.goto(`${pages.origin}/nav.html`);
  const expected = await withClerkJs(cjsPage);
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/nav.html`);
  const got = await withWasm(page);
  assert.deepEqual(got, expected);
  // What that means, for the record.
  assert.equal(got.signInEvil.includes('evil'), false, 'a redirect to a foreign origin is dropped');
  assert.match(got.signInAllowedGlob, /redirect_url=https%3A%2F%2Fapp\.example\.org%2Fin/);
  assert.equal(got.afterSignInQueryEvil, `${pages.origin}/home`);
  assert.equal(got.afterSignOut, `${pages.origin}/bye`);
  assert.deepEqual(page.problems, []);
});

test('navigate: same-origin paths go to routerPush / routerReplace; other origins load the page; other protocols go to /; //host nowhere', async () => {
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/nav.html`);
  await withWasm(page);
  const r = await page.evaluate(async () => {
    await window.sdk.navigate('/a/b?c=1#d');
    await window.sdk.navigate(`${location.origin}/full`, { replace: true });
    await window.sdk.navigate('javascript:alert(1)');
    await window.sdk.navigate('//evil.example.com/x');
    await window.sdk.navigate('');
    await window.sdk.redirectToSignIn({ redirectUrl: '/back' });
    await window.sdk.redirectToAfterSignOut();
    return window.pushed;
  });
  assert.deepEqual(r, [
    ['push', '/a/b?c=1#d', 'object'],
    ['replace', '/full'],
    ['push', '/', 'object'],
    // The load() options' redirect URLs travel along, as ClerkJS writes them (test above).
    ['push', `/sign-in#/?${new URLSearchParams({ sign_up_force_redirect_url: `${pages.origin}/onboarding`, sign_in_fallback_redirect_url: `${pages.origin}/home`, redirect_url: `${pages.origin}/back` })}`, 'object'],
    ['push', '/bye', 'object'],
  ]);
  assert.equal(new URL(page.url()).pathname, '/nav.html', 'the page itself did not move');
  // Another origin is not the router's business: the page loads it.
  const other = pages.origin.replace('127.0.0.1', 'localhost');
  await Promise.all([page.waitForURL(`${other}/elsewhere.html`), page.evaluate((to) => window.sdk.navigate(to), `${other}/elsewhere.html`)]);
});

test('setActive({redirectUrl}) navigates through the router', async () => {
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/nav.html`);
  await withWasm(page);
  const r = await page.evaluate(async () => {
    await window.sdk.setActive({ session: null, redirectUrl: '/after-set-active' });
    return window.pushed;
  });
  assert.deepEqual(r, [['push', '/after-set-active', 'object']]);
});

test("the sign-in component honours load()'s redirect options: the fallback, and a force URL over the page's redirect_url", async () => {
  const clerk = backend(dev);
  for (const [options, query, expected] of [
    [{ signInFallbackRedirectUrl: '/home' }, '', '/home'],
    [{ signInForceRedirectUrl: '/forced', signInFallbackRedirectUrl: '/home' }, '?redirect_url=/elsewhere.html', '/forced'],
    [{ signInFallbackRedirectUrl: '/home' }, '?redirect_url=/elsewhere.html', '/elsewhere.html'],
    [{ signInFallbackRedirectUrl: 'https://evil.example.com/' }, '', '/nav.html'],
  ]) {
    const { email, password } = await createUser(clerk, { prefix: 'nav-ui' });
    const page = await newPage(await browser.newContext());
    await page.goto(`${pages.origin}/nav.html${query}`);
    await page.evaluate(
      async ({ fapi, key, options }) => {
        const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
        window.sdk = new Clerk(key);
        await window.sdk.load(options);
        const el = document.createElement('div');
        document.body.append(el);
        window.sdk.mountSignIn(el);
      },
      { fapi: dev.frontendApiUrl, key: dev.publishableKey, options },
    );
    await page.fill('input[name=identifier]', email);
    await page.click('button[type=submit]');
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForURL((u) => u.pathname === expected && u.search === (expected === '/nav.html' ? query : '')), page.click('button[type=submit]')]);
    if (expected === '/nav.html') {
      // A fallback on a foreign origin is dropped: the component reloads this page signed in.
      await page.waitForLoadState('load');
      await page.waitForTimeout(1_000);
      assert.equal(new URL(page.url()).origin, pages.origin);
    }
    await page.context().close();
  }
});
