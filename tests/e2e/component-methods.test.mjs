// The component methods of `Clerk` (issue 14): `mount…` / `unmount…` of SignIn, SignUp,
// UserButton and UserProfile, `open…` / `close…` of SignIn, SignUp and UserProfile. They exist
// with ClerkJS 6.40's arity (read from the official build in the same browser), are synchronous,
// throw the same usage errors as `mountSignIn` (before `load()`; a node that is not an element),
// and reach the UI module under the names it knows (a call it refused would be reported on the
// console, which must stay clean).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, servePages, startDevServer } from './harness.mjs';

let dev, browser, pages;

const methods = [
  'mountSignIn', 'unmountSignIn', 'mountSignUp', 'unmountSignUp',
  'mountUserButton', 'unmountUserButton', 'mountUserProfile', 'unmountUserProfile',
  'openSignIn', 'closeSignIn', 'openSignUp', 'closeSignUp', 'openUserProfile', 'closeUserProfile',
];

before(async () => {
  dev = await startDevServer();
  pages = await servePages({
    '/ours.html': `<!doctype html><html><body><script type="module">
import Clerk from '${dev.frontendApiUrl}/pkg/clerk.js';
window.Clerk = Clerk;
window.ready = true;
</script></body></html>`,
    '/clerkjs.html': `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${dev.publishableKey}" data-clerk-proxy-url="${dev.frontendApiUrl}"></script>
<script>window.addEventListener('load', () => { window.ready = true; });</script></body></html>`,
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

async function open(name) {
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/${name}.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

test("the component methods exist with ClerkJS's arity", async () => {
  const arity = (page, instance) => page.evaluate(({ methods, instance }) => methods.map((m) => [m, typeof eval(instance)[m], eval(instance)[m]?.length]), { methods, instance });
  const theirs = await arity(await open('clerkjs'), 'window.Clerk');
  const ours = await open('ours');
  await ours.evaluate((key) => (window.C = new Clerk(key)), dev.publishableKey);
  assert.deepEqual(await arity(ours, 'window.C'), theirs);
  // (mount: 2, unmount: 1, open: 1, close: 0.)
  assert.deepEqual(theirs.map(([m, , n]) => [m, n]).filter(([m]) => m.startsWith('close')), [['closeSignIn', 0], ['closeSignUp', 0], ['closeUserProfile', 0]]);
});

test('the usage errors are mountSignIn\'s: before load(), and for a node that is not an element; unmount and close never throw', async () => {
  const page = await open('ours');
  const outcome = (calls) =>
    page.evaluate(
      (calls) =>
        calls.map(([method, ...args]) => {
          try {
            const ret = C[method](...args.map((a) => (a === 'NODE' ? document.body.appendChild(document.createElement('div')) : a)));
            return ['returned', ret === undefined];
          } catch (e) {
            return ['threw', e.name, e.message, e.clerkError];
          }
        }),
      calls,
    );
  await page.evaluate((key) => (window.C = new Clerk(key)), dev.publishableKey);
  const early = await outcome([
    ['mountSignIn', 'NODE'], ['mountSignUp', 'NODE'], ['mountUserButton', 'NODE'], ['mountUserProfile', 'NODE', { routing: 'hash' }],
    ['openSignIn'], ['openSignUp', {}], ['openUserProfile'],
    ['unmountSignIn', 'NODE'], ['unmountUserButton', 'NODE'], ['unmountUserProfile', 'NODE'], ['closeSignIn'], ['closeSignUp'], ['closeUserProfile'],
  ]);
  const [reference] = early;
  assert.equal(reference[0], 'threw', 'mountSignIn before load() throws');
  assert.match(reference[2], /load\(\)/);
  assert.equal(reference[3], true);
  assert.deepEqual(early.slice(0, 7), Array(7).fill(reference), 'every mount and open throws what mountSignIn throws');
  assert.deepEqual(early.slice(7), Array(6).fill(['returned', true]));

  await page.evaluate(() => C.load());
  const notElement = await outcome([['mountSignIn', '#app'], ['mountSignUp', '#app'], ['mountUserButton', '#app'], ['mountUserProfile', null]]);
  assert.equal(notElement[0][0], 'threw');
  assert.match(notElement[0][2], /DOM element/);
  assert.deepEqual(notElement, Array(4).fill(notElement[0]));
  // Loaded, with elements: nothing throws.
  const fine = await outcome([
    ['mountUserButton', 'NODE', { showName: true }], ['openSignIn', { forceRedirectUrl: '/home' }], ['closeSignIn'], ['openUserProfile'], ['closeUserProfile'],
    ['mountUserProfile', 'NODE'], ['openSignUp'], ['closeSignUp'],
  ]);
  assert.deepEqual(fine, Array(8).fill(['returned', true]));
});

test('calls made before the UI module arrives run in order once it is in, under names the UI module knows', async () => {
  const page = await open('ours');
  const nodes = await page.evaluate(async (key) => {
    window.C = new Clerk(key);
    const loading = C.load();
    // Queued: load() has not finished, the UI module is not in.
    const [a, b, c] = [0, 1, 2].map(() => document.body.appendChild(document.createElement('div')));
    C.mountSignIn(a);
    C.mountUserButton(b, { afterSignOutUrl: '/bye' });
    C.mountUserProfile(c);
    C.openSignIn();
    C.closeSignIn();
    C.openUserProfile({});
    C.closeUserProfile();
    C.openSignUp();
    C.closeSignUp();
    C.unmountUserButton(b);
    C.unmountUserProfile(c);
    await loading;
    await new Promise((resolve) => {
      const wait = () => (a.querySelector('.cl-root input') ? resolve() : setTimeout(wait, 20));
      wait();
    });
    return [a, b, c].map((n) => n.childElementCount);
  }, dev.publishableKey);
  // The sign-in is shown; the button and the profile were unmounted before they could appear.
  assert.equal(nodes[0], 1);
  assert.deepEqual(nodes.slice(1), [0, 0]);
  await page.waitForTimeout(50);
  assert.deepEqual(page.problems, [], 'the UI module took every call (a refused one is reported on the console)');
});
