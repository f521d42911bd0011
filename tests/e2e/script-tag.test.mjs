// ClerkJS's script-tag snippet from Clerk's docs, unchanged but for the key and the script URL,
// loading our clerk.browser.js — from the dev server's ClerkJS path and from /pkg/, with
// `async` and with `defer` — on a page of another origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, servePages, startDevServer } from './harness.mjs';

let dev, pages, browser;

const snippet = (key, src, mode) => `<!doctype html><html><body><div id="app"></div>
<!-- Initialize Clerk with your Clerk Publishable key and Frontend API URL -->
<script ${mode} crossorigin="anonymous" data-clerk-publishable-key="${key}" src="${src}" type="text/javascript"></script>
<script>
  window.addEventListener("load", async function () {
    try {
      await Clerk.load();
      window.result = { loaded: Clerk.loaded, user: Clerk.user, hasClient: !!Clerk.client };
    } catch (e) {
      window.result = { error: e.message, name: e.name };
    }
  });
</script></body></html>`;

before(async () => {
  dev = await startDevServer();
  const npmPath = `${dev.frontendApiUrl}/npm/@clerk/clerk-js@latest/dist/clerk.browser.js`;
  const pkgPath = `${dev.frontendApiUrl}/pkg/clerk.browser.js`;
  pages = await servePages({
    '/async.html': snippet(dev.publishableKey, npmPath, 'async'),
    '/defer.html': snippet(dev.publishableKey, npmPath, 'defer'),
    '/pkg-async.html': snippet(dev.publishableKey, pkgPath, 'async'),
    '/bad-key.html': snippet('pk_test_bm90IGEga2V5', npmPath, 'async'),
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

for (const path of ['/async.html', '/defer.html', '/pkg-async.html']) {
  test(`the snippet loads signed out (${path})`, async () => {
    const page = await newPage(await browser.newContext());
    await page.goto(`${pages.origin}${path}`);
    await page.waitForFunction(() => window.result);
    const result = await page.evaluate(() => window.result);
    assert.deepEqual(result, { loaded: true, user: null, hasClient: true });
    assert.deepEqual(page.problems, []);
  });
}

test('an invalid key makes Clerk.load() reject with a clear message', async () => {
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/bad-key.html`);
  await page.waitForFunction(() => window.result);
  const result = await page.evaluate(() => window.result);
  assert.match(result.error, /publishableKey/);
  assert.equal(result.name, 'ClerkRuntimeError');
});
