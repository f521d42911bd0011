// The SDK is two modules, as ClerkJS 6 is clerk-js + @clerk/ui: the headless core (pkg/clerk.js +
// clerk_wasm_bg.wasm) and the UI module (pkg/clerk_ui.js + clerk_ui_bg.wasm), which the core
// imports from next to itself for mountSignIn/mountSignUp, or earlier when load() finds nobody
// signed in. A signed-in page that never mounts a component must not download the UI module.
//
// The page is the docs' createEmailAddress example ("Create user metadata", bundler form, as
// user-metadata.test.mjs runs it): signed in it calls clerk.user.createEmailAddress, signed out
// it mounts the sign-in. Every request the page makes is recorded. Signed in: the address is
// created and no request goes to a UI-module file. So that this check can fail, the same page
// signed out must fetch both UI-module files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket, uniqueEmail } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

// Verbatim from the docs (see user-metadata.test.mjs) but for the import, the key and the email.
const example = `import Clerk from '@clerk/clerk-js'; // Initialize Clerk with your Clerk publishable key const clerk = new Clerk('{{pub_key}}'); await clerk.load(); if (clerk.user) { const email = ""; clerk.user.createEmailAddress({ email }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); clerk.mountSignIn(signInDiv); }`;

const examplePage = (dev, email) => {
  const code = example
    .replace("import Clerk from '@clerk/clerk-js';", `import Clerk from '${dev.frontendApiUrl}/pkg/clerk.js';`)
    .replace('{{pub_key}}', dev.publishableKey)
    .replace('const email = ""', `const email = ${JSON.stringify(email)}`)
    // The docs print it on one line: end the `//` comment where their source does.
    .replace('// Initialize Clerk with your Clerk publishable key ', '// Initialize Clerk with your Clerk publishable key\n');
  return `<!doctype html><html><body><div id="app"></div><script type="module">\n${code}\n</script></body></html>`;
};

let dev, browser, clerk, pages;
const email = uniqueEmail('headless');

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  pages = await servePages({
    '/example.html': examplePage(dev, email),
    '/blank.html': '<!doctype html><html><body></body></html>',
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

/** A new page in `context` whose requests are all recorded (`page.requests`, absolute URLs). */
async function recordedPage(context) {
  const page = await newPage(context);
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  return page;
}

const pkgFile = (name) => (url) => new URL(url).pathname === `/pkg/${name}`;
const isUiModule = (url) => new URL(url).pathname.includes('/clerk_ui');

test('signed in, the createEmailAddress example loads no UI module; signed out, mounting the sign-in does', async () => {
  const { user } = await createUser(clerk, { prefix: 'headless' });

  // Sign in by ticket on a page of the same origin, in a context of its own: signed out there, the
  // SDK may prefetch the UI module, and its HTTP cache must not serve the measured page. The
  // measured page starts from that context's cookies and storage only.
  const signIn = await browser.newContext();
  const setup = await newPage(signIn);
  await setup.goto(`${pages.origin}/blank.html`);
  await signInByTicket(setup, dev, await ticket(clerk, user.id));
  const storageState = await signIn.storageState();
  await signIn.close();

  // Signed in: the example creates the address and logs it.
  const page = await recordedPage(await browser.newContext({ storageState }));
  const logged = page.waitForEvent('console', { predicate: (m) => m.type() === 'log', timeout: 15_000 });
  await page.goto(`${pages.origin}/example.html`);
  const [resource] = (await logged).args();
  assert.deepEqual(await resource.evaluate((r) => ({ type: r.constructor.name, value: r.emailAddress })), { type: 'EmailAddress', value: email });
  // A UI module fetched just after the call (a prefetch) would still be a request of this page.
  await page.waitForLoadState('networkidle');
  assert.ok(page.requests.some(pkgFile('clerk.js')) && page.requests.some(pkgFile('clerk_wasm_bg.wasm')), `the page loaded the core:\n${page.requests.join('\n')}`);
  assert.ok(
    page.requests.some((u) => u.startsWith(`${dev.frontendApiUrl}/v1/me/email_addresses`)),
    `createEmailAddress went to /v1/me/email_addresses:\n${page.requests.join('\n')}`,
  );
  assert.deepEqual(page.requests.filter(isUiModule), [], 'a signed-in page that mounts nothing requests no UI-module file');
  assert.ok((await clerk.users.getUser(user.id)).emailAddresses.some((e) => e.emailAddress === email));
  assert.deepEqual(page.problems, []);

  // Signed out: the example mounts the sign-in, which needs the UI module.
  const out = await recordedPage(await browser.newContext());
  await out.goto(`${pages.origin}/example.html`);
  await out.locator('#sign-in input[name=identifier]').waitFor();
  const ui = out.requests.filter(isUiModule);
  assert.ok(ui.some(pkgFile('clerk_ui.js')), `the signed-out page fetched pkg/clerk_ui.js; its UI-module requests: ${ui.join(', ') || 'none'}`);
  assert.ok(ui.some(pkgFile('clerk_ui_bg.wasm')), `the signed-out page fetched pkg/clerk_ui_bg.wasm; its UI-module requests: ${ui.join(', ') || 'none'}`);
  assert.deepEqual(out.problems, []);
});
