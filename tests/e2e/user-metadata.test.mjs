// The three examples of Clerk's "Create user metadata" page (createEmailAddress,
// createPhoneNumber, createWeb3Wallet), in both of the page's forms — the bundler module and the
// script tag — run in headless Chromium against the dev server after a sign-in by ticket.
//
// The example code is the docs' text (/work/shared/docs, 000_…txt), changed only where it must:
// the import line / script URL (our SDK, from the dev server), the publishable key, and the email
// value the first rendering of the page lost (`""`; the other rendering, 001_…txt, keeps it:
// `test@test.com`). Each example logs the created resource; run again it logs `error.errors` for
// the duplicate; with a malformed value it logs the format error, and no request is made.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

// The examples' bodies, verbatim from the docs (the part inside `if (clerk.user) { … } else { … }`
// is the same in both forms but for `clerk` / `Clerk`).
const bundler = {
  email: `import Clerk from '@clerk/clerk-js'; // Initialize Clerk with your Clerk publishable key const clerk = new Clerk('{{pub_key}}'); await clerk.load(); if (clerk.user) { const email = ""; clerk.user.createEmailAddress({ email }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); clerk.mountSignIn(signInDiv); }`,
  phone: `import Clerk from '@clerk/clerk-js'; // Initialize Clerk with your Clerk publishable key const clerk = new Clerk('{{pub_key}}'); await clerk.load(); if (clerk.user) { const phoneNumber = "15551234567"; clerk.user.createPhoneNumber({ phoneNumber }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); clerk.mountSignIn(signInDiv); }`,
  web3: `import Clerk from '@clerk/clerk-js'; // Initialize Clerk with your Clerk publishable key const clerk = new Clerk('{{pub_key}}'); await clerk.load(); if (clerk.user) { const web3Wallet = "0x0123456789ABCDEF0123456789ABCDEF01234567"; clerk.user.createWeb3Wallet({ web3Wallet }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); clerk.mountSignIn(signInDiv); }`,
};
const scriptTag = {
  email: `<div id="app"></div> <!-- Initialize Clerk with your Clerk Publishable key and Frontend API URL --> <script async crossorigin="anonymous" data-clerk-publishable-key="{{pub_key}}" src="https://{{fapi_url}}/npm/@clerk/clerk-js@latest/dist/clerk.browser.js" type="text/javascript" ></script> <script> window.addEventListener("load", async function () { await Clerk.load(); if (Clerk.user) { const email = ""; Clerk.user.createEmailAddress({ email }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); Clerk.mountSignIn(signInDiv); } }); </script>`,
  phone: `<div id="app"></div> <!-- Initialize Clerk with your Clerk Publishable key and Frontend API URL --> <script async crossorigin="anonymous" data-clerk-publishable-key="{{pub_key}}" src="https://{{fapi_url}}/npm/@clerk/clerk-js@latest/dist/clerk.browser.js" type="text/javascript" ></script> <script> window.addEventListener("load", async function () { await Clerk.load(); if (Clerk.user) { const phoneNumber = "15551234567"; Clerk.user.createPhoneNumber({ phoneNumber }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); Clerk.mountSignIn(signInDiv); } }); </script>`,
  web3: `<div id="app"></div> <!-- Initialize Clerk with your Clerk Publishable key and Frontend API URL --> <script async crossorigin="anonymous" data-clerk-publishable-key="{{pub_key}}" src="https://{{fapi_url}}/npm/@clerk/clerk-js@latest/dist/clerk.browser.js" type="text/javascript" ></script> <script> window.addEventListener("load", async function () { await Clerk.load(); if (Clerk.user) { const web3Wallet = "0x0123456789ABCDEF0123456789ABCDEF01234567"; Clerk.user.createWeb3Wallet({ web3Wallet }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); Clerk.mountSignIn(signInDiv); } }); </script>`,
};

// What each example declares, the value it should end up as, and a malformed value.
const examples = {
  email: { literal: 'const email = ""', value: 'const email = "test@test.com"', stored: 'test@test.com', field: 'emailAddress', type: 'EmailAddress', list: 'emailAddresses', param: 'email_address', malformed: 'test@' },
  phone: { literal: 'const phoneNumber = "15551234567"', stored: '+15551234567', field: 'phoneNumber', type: 'PhoneNumber', list: 'phoneNumbers', param: 'phone_number', malformed: '555-CALL-NOW' },
  web3: { literal: 'const web3Wallet = "0x0123456789ABCDEF0123456789ABCDEF01234567"', stored: '0x0123456789ABCDEF0123456789ABCDEF01234567', field: 'web3Wallet', type: 'Web3Wallet', list: 'web3Wallets', param: 'web3_wallet', malformed: '0x0123456789abcdef0123456789ABCDEF01234567' },
};

/** The example with its value set (`value` replaces the declaration, when given). */
function withValue(code, kind, value) {
  const e = examples[kind];
  assert.ok(code.includes(e.literal), `the ${kind} example declares ${e.literal}`);
  const name = e.literal.split(' ')[1];
  return value === undefined ? code.replace(e.literal, e.value ?? e.literal) : code.replace(e.literal, `const ${name} = ${JSON.stringify(value)}`);
}

function bundlerPage(dev, kind, value) {
  const code = withValue(bundler[kind], kind, value)
    .replace("import Clerk from '@clerk/clerk-js';", `import Clerk from '${dev.frontendApiUrl}/pkg/clerk.js';`)
    .replace("{{pub_key}}", dev.publishableKey);
  // The code is one line, as the docs render it: its `//` comment runs to the end of the line.
  // Put the line breaks back where the docs' source has them (after each statement's comment).
  const lines = code.replace('// Initialize Clerk with your Clerk publishable key ', '// Initialize Clerk with your Clerk publishable key\n');
  return `<!doctype html><html><body><div id="app"></div><script type="module">\n${lines}\n</script></body></html>`;
}

function scriptTagPage(dev, kind, value) {
  const fapiHost = new URL(dev.frontendApiUrl).host;
  const html = withValue(scriptTag[kind], kind, value)
    .replace('{{pub_key}}', dev.publishableKey)
    // The dev server speaks plain http.
    .replace('https://{{fapi_url}}/', `http://${fapiHost}/`);
  return `<!doctype html><html><body>${html}</body></html>`;
}

for (const [form, makePage] of [
  ['bundler', bundlerPage],
  ['script tag', scriptTagPage],
]) {
  describe(`"Create user metadata" examples, ${form} form`, () => {
    let dev, browser, clerk, pages;
    before(async () => {
      // One instance per form: the docs' values are unique across an instance.
      dev = await startDevServer();
      clerk = backend(dev);
      const routes = {};
      for (const kind of Object.keys(examples)) {
        routes[`/${kind}.html`] = makePage(dev, kind);
        routes[`/${kind}-malformed.html`] = makePage(dev, kind, examples[kind].malformed);
      }
      pages = await servePages(routes);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await pages?.close();
      dev?.stop();
    });

    /** Loads `path` and resolves to the example's first console.log call (its argument handles). */
    async function logged(page, path, action = () => page.goto(`${pages.origin}${path}`)) {
      const message = page.waitForEvent('console', { predicate: (m) => m.type() === 'log', timeout: 15000 });
      await action();
      return (await message).args();
    }

    for (const kind of Object.keys(examples)) {
      const e = examples[kind];
      test(`${kind}: created, then the duplicate, then a malformed value`, async () => {
        const { user } = await createUser(clerk, { prefix: `docs-${kind}` });
        const page = await newPage(await browser.newContext());
        await page.goto(`${pages.origin}/${kind}.html`);
        await page.locator('#sign-in .cl-root').waitFor(); // signed out: the example mounts the sign-in

        // Signed in, the example runs and logs the created resource.
        const requests = [];
        page.on('request', (r) => r.url().includes('/v1/me/') && requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
        const created = await logged(page, '', async () => signInByTicket(page, dev, await ticket(clerk, user.id)));
        assert.equal(created.length, 1);
        const resource = await created[0].evaluate(
          (r, { field, list }) => ({
            type: r.constructor.name,
            value: r[field],
            id: r.id,
            status: r.verification?.status,
            text: String(r),
            // The module's and the script tag's user, after the create: already lists it.
            listed: (window.Clerk ?? null) === null ? null : window.Clerk.user[list].map((x) => x.id),
          }),
          { field: e.field, list: e.list },
        );
        assert.equal(resource.type, e.type);
        assert.equal(resource.value, e.stored);
        assert.match(resource.id, /^[a-z0-9]+_[A-Za-z0-9]+$/);
        // Not verified, and nothing prepared yet: ClerkJS's Verification with a null status.
        assert.equal(resource.status, null);
        if (kind !== 'phone') assert.equal(resource.text, e.stored);
        if (resource.listed !== null) assert.ok(resource.listed.includes(resource.id), 'Clerk.user lists the new resource');
        assert.deepEqual(requests, [`POST /v1/me/${e.list === 'emailAddresses' ? 'email_addresses' : e.list === 'phoneNumbers' ? 'phone_numbers' : 'web3_wallets'}/`]);
        const stored = await clerk.users.getUser(user.id);
        assert.deepEqual(stored[e.list].map((x) => x[e.field]).filter((v) => v === e.stored), [e.stored], 'the server holds it');

        // Again: the duplicate's errors, as the server sends them.
        const dup = await logged(page, `/${kind}.html`);
        assert.equal(await dup[0].jsonValue(), 'An error occurred:');
        const dupErrors = await dup[1].jsonValue();
        assert.equal(dupErrors.length, 1);
        assert.equal(dupErrors[0].code, 'form_identifier_exists');
        assert.equal(dupErrors[0].meta.paramName, e.param);
        assert.ok(dupErrors[0].message && dupErrors[0].longMessage);

        // A malformed value: refused before any request, in the server's error shape.
        requests.length = 0;
        const bad = await logged(page, `/${kind}-malformed.html`);
        assert.equal(await bad[0].jsonValue(), 'An error occurred:');
        const badErrors = await bad[1].jsonValue();
        assert.deepEqual(
          badErrors.map((x) => ({ code: x.code, param: x.meta.paramName })),
          [{ code: 'form_param_format_invalid', param: e.param }],
        );
        assert.ok(badErrors[0].message && badErrors[0].longMessage);
        assert.deepEqual(requests, [], 'nothing was sent for the malformed value');
        const after = await clerk.users.getUser(user.id);
        assert.equal(after[e.list].length, stored[e.list].length, 'nothing changed');
        assert.deepEqual(page.problems, []);
      });
    }
  });
}
