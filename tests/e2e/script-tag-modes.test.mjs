// clerk.browser.js in a script tag, in the four combinations of where it is loaded from — the
// dev server's ClerkJS path (/npm/@clerk/clerk-js@latest/dist/clerk.browser.js, as ClerkJS's
// snippet loads it from the Frontend API) and /pkg/ — and how: `async` and `defer`. Each runs
// Clerk's script-tag example for createEmailAddress (the "Create user metadata" page), verbatim
// but for the key, the script URL, the attribute and the address, on a page of another origin:
//   signed out, it mounts the sign-in component;
//   signed in (by a ticket, inside the page, through window.Clerk), after a reload it adds the
//   address, which the Backend API then lists.
// A small extra script records when window.Clerk exists: by DOMContentLoaded for `defer` (the
// script runs before it), by the window load event for both (which the snippet relies on).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket, uniqueEmail } from './harness.mjs';

let dev, clerk, pages, browser;

// Clerk's example, one line as the docs page renders it; only key, src, the attribute and the
// email value are filled in.
const docsExample = (key, src, mode, email) =>
  `<div id="app"></div> <!-- Initialize Clerk with your Clerk Publishable key and Frontend API URL --> <script ${mode} crossorigin="anonymous" data-clerk-publishable-key="${key}" src="${src}" type="text/javascript" ></script> <script> window.addEventListener("load", async function () { await Clerk.load(); if (Clerk.user) { const email = "${email}"; Clerk.user.createEmailAddress({ email }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); Clerk.mountSignIn(signInDiv); } }); </script>`;

const probe = `<script>
  document.addEventListener('DOMContentLoaded', () => { window.atDomContentLoaded = typeof window.Clerk; });
  window.addEventListener('load', () => { window.atLoad = typeof window.Clerk; });
</script>`;

const sources = {
  npm: (fapi) => `${fapi}/npm/@clerk/clerk-js@latest/dist/clerk.browser.js`,
  pkg: (fapi) => `${fapi}/pkg/clerk.browser.js`,
};
const combos = Object.keys(sources).flatMap((from) => ['async', 'defer'].map((mode) => ({ from, mode, path: `/${from}-${mode}.html` })));
const added = Object.fromEntries(combos.map((c) => [c.path, uniqueEmail(`${c.from}-${c.mode}`)]));

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  const routes = {};
  for (const c of combos) {
    routes[c.path] = `<!doctype html><html><head><meta charset="utf-8">${probe}</head><body>${docsExample(dev.publishableKey, sources[c.from](dev.frontendApiUrl), c.mode, added[c.path])}</body></html>`;
  }
  pages = await servePages(routes);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

for (const { from, mode, path } of combos) {
  test(`clerk.browser.js from ${from === 'npm' ? "the ClerkJS path" : '/pkg/'} with ${mode}: signed out it mounts the sign-in; signed in it adds the address`, async () => {
    const { user } = await createUser(clerk);
    const page = await newPage(await browser.newContext());
    const scripts = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));

    await page.goto(`${pages.origin}${path}`);
    await page.waitForSelector('#sign-in input[name=identifier]');
    // The tag's file, then the module it loads from its own folder.
    assert.equal(scripts[0], sources[from](dev.frontendApiUrl));
    assert.ok(scripts.includes(new URL('clerk.js', sources[from](dev.frontendApiUrl)).href), scripts.join(' '));
    assert.deepEqual(await page.evaluate(() => ({ loaded: Clerk.loaded, user: Clerk.user, atLoad: window.atLoad })), {
      loaded: true,
      user: null,
      atLoad: 'object',
    });
    if (mode === 'defer') assert.equal(await page.evaluate(() => window.atDomContentLoaded), 'object');

    // Sign in through the page's own window.Clerk, then reload: the example's signed-in branch.
    const token = await ticket(clerk, user.id);
    await page.evaluate(async (token) => {
      const signIn = await Clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
      await Clerk.setActive({ session: signIn.createdSessionId });
    }, token);
    const logged = page.waitForEvent('console', (m) => m.type() === 'log');
    await page.reload();
    const message = await logged;
    const response = await message.args()[0].evaluate((r) => ({ cls: r.constructor.name, emailAddress: r.emailAddress, id: r.id }));
    assert.equal(response.cls, 'EmailAddress', message.text());
    assert.equal(response.emailAddress, added[path]);
    assert.equal(await page.evaluate(() => Clerk.user.id), user.id);
    assert.equal(await page.locator('#sign-in').count(), 0);
    const stored = await clerk.users.getUser(user.id);
    assert.ok(stored.emailAddresses.some((e) => e.id === response.id && e.emailAddress === added[path]));
    assert.deepEqual(page.problems, []);
  });
}
