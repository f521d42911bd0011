// The components' DOM in a page, through the public API (`clerk.mountSignIn`, `unmountSignIn`,
// `mountSignUp`, …): what mounting puts in the page, that mounting twice replaces instead of
// duplicating, that unmounting leaves nothing behind, client-side refusals placed at their field
// (without a request), and the refusals of bad mounts. The components live in their own
// WebAssembly module (pkg/clerk_ui.js), which the SDK imports on the first mount: the component
// appears asynchronously that first time, and synchronously once the module is in. The sign-in
// and sign-up flows themselves run in sign-in-ui, sign-up-ui and oauth-sign-in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, servePages, startDevServer } from './harness.mjs';

let dev, browser, pages;

// A page that only gives the test the SDK's Clerk class and a fresh element to mount into.
const page = (fapi) => `<!doctype html><html><body><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
window.Clerk = Clerk;
window.host = () => document.body.appendChild(document.createElement('div'));
// What a call threw or its promise rejected with; null when it succeeded.
window.failure = async (f) => {
  try {
    await f();
    return null;
  } catch (e) {
    return { message: String(e && e.message) };
  }
};
window.ready = true;
</script></body></html>`;

before(async () => {
  dev = await startDevServer();
  pages = await servePages({ '/components.html': page(dev.frontendApiUrl) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

async function open() {
  const p = await newPage(await browser.newContext());
  await p.goto(`${pages.origin}/components.html`);
  await p.waitForFunction(() => window.ready);
  return p;
}

/** Makes `window.clerk` for the dev server's key: loaded and signed out unless `load` is false. */
async function clerkIn(p, { load = true } = {}) {
  await p.evaluate(
    async ({ key, load }) => {
      window.clerk = new Clerk(key);
      if (!load) return;
      await clerk.load();
      if (clerk.isSignedIn) await clerk.signOut(() => {});
    },
    { key: dev.publishableKey, load },
  );
}

test('mount, render, remount, refusals at their field, unmount; sign-up fields; bad mounts', async () => {
  const p = await open();
  // Before load() the components cannot know the instance's settings.
  await clerkIn(p, { load: false });
  const early = await p.evaluate(() => {
    window.node = host();
    return failure(() => clerk.mountSignIn(node));
  });
  assert.notEqual(early, null, 'mounting before load() is an error');
  await p.evaluate(async () => {
    await clerk.load();
    if (clerk.isSignedIn) await clerk.signOut(() => {});
  });

  await p.evaluate(() => clerk.mountSignIn(node));
  // The first mount brings the UI module in: the component appears when it has arrived.
  await p.waitForFunction(() => node.querySelector('.cl-root input[name=identifier]'));
  const first = await p.evaluate(() => {
    const input = node.querySelector('input[name=identifier]');
    const label = node.querySelector(`label[for='${input.id}']`);
    return {
      roots: node.querySelectorAll('.cl-root').length,
      forms: node.querySelectorAll('form').length,
      label: label && label.textContent,
      focused: document.activeElement === input,
      styles: document.querySelectorAll('#cl-style').length,
      oauthButtons: node.querySelectorAll("[data-action^='oauth:']").length,
      footerHref: node.querySelector('.cl-footer a').getAttribute('href'),
    };
  });
  assert.equal(first.roots, 1);
  assert.equal(first.forms, 1);
  assert.notEqual(first.label, null, 'the input has a label');
  assert.ok(first.label.toLowerCase().includes('email'));
  assert.equal(first.focused, true, 'the first input has the focus');
  assert.equal(first.styles, 1, 'the stylesheet is in the page once');
  assert.ok(first.oauthButtons >= 1, 'a button per enabled OAuth provider');
  assert.ok(first.footerHref.startsWith('http'));

  // Mounting again into the same node replaces the component; initialValues pre-fill.
  const again = await p.evaluate(() => {
    clerk.mountSignIn(node, { initialValues: { emailAddress: 'pre@example.com' } });
    return { roots: node.querySelectorAll('.cl-root').length, value: node.querySelector('input[name=identifier]').value };
  });
  assert.equal(again.roots, 1);
  assert.equal(again.value, 'pre@example.com');

  // An empty identifier is refused at its field, without a request.
  const requests = [];
  p.on('request', (r) => requests.push(r.url()));
  await p.evaluate(() => {
    node.querySelector('input[name=identifier]').value = '';
    node.querySelector('form').requestSubmit();
  });
  await p.waitForTimeout(20);
  const empty = await p.evaluate(() => {
    const input = node.querySelector('input[name=identifier]');
    const error = document.getElementById(input.getAttribute('aria-describedby'));
    return { invalid: input.getAttribute('aria-invalid'), error: error && error.textContent, live: error && error.getAttribute('aria-live') };
  });
  assert.equal(empty.invalid, 'true');
  assert.ok(empty.error, 'the message is at the field');
  assert.equal(empty.live, 'polite');
  assert.deepEqual(requests.filter((u) => u.includes('/v1/client/sign_ins')), [], 'nothing was sent');

  // An unknown account: the server's form_identifier_not_found lands at the same field.
  await p.evaluate(() => {
    node.querySelector('input[name=identifier]').value = 'nobody-at-all@example.com';
    node.querySelector('form').requestSubmit();
  });
  await p.waitForFunction(() => node.querySelector('input[name=identifier]').hasAttribute('aria-invalid'));
  const unknown = await p.evaluate(() => {
    const input = node.querySelector('input[name=identifier]');
    return { invalid: input.getAttribute('aria-invalid'), error: document.getElementById(input.getAttribute('aria-describedby')).textContent };
  });
  assert.equal(unknown.invalid, 'true');
  assert.ok(unknown.error);

  // Unmounting leaves the node as it was (at once: the module is in),
  assert.equal(await p.evaluate(() => (clerk.unmountSignIn(node), node.childElementCount)), 0);
  // and a second unmount is harmless.
  assert.equal(await p.evaluate(() => failure(() => clerk.unmountSignIn(node))), null);

  // The sign-up shows the fields the instance asks for.
  const signUp = await p.evaluate(() => {
    clerk.mountSignUp(node);
    const counts = {};
    for (const name of ['email_address', 'password', 'first_name', 'last_name']) counts[name] = node.querySelectorAll(`input[name=${name}]`).length;
    return { counts, passwordType: node.querySelector('input[name=password]').getAttribute('type') };
  });
  assert.deepEqual(signUp.counts, { email_address: 1, password: 1, first_name: 1, last_name: 1 });
  assert.equal(signUp.passwordType, 'password');
  assert.equal(await p.evaluate(() => (clerk.unmountSignUp(node), node.childElementCount)), 0);

  // Not an element: a clear error.
  const notElement = await p.evaluate(() => failure(() => clerk.mountSignIn('#sign-in')));
  assert.notEqual(notElement, null);
  assert.ok(notElement.message.includes('DOM element'), notElement.message);
});

test('text is never parsed as HTML', async () => {
  const p = await open();
  await clerkIn(p);
  await p.evaluate(() => {
    window.node = host();
    clerk.mountSignIn(node, { initialValues: { emailAddress: '<img src=x onerror=alert(1)>' } });
  });
  await p.waitForFunction(() => node.querySelector('.cl-root input[name=identifier]'));
  assert.equal(await p.evaluate(() => node.querySelectorAll('img').length), 0);
  await p.evaluate(() => clerk.unmountSignIn(node));
});
