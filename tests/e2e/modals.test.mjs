// The components in modals (`clerk.openSignIn`, `openSignUp`, `openUserProfile` and their
// `close…`), typed into by Playwright against the dev server: the dialog's ARIA (role, modal,
// name), the focus (inside on open, Tab and Shift+Tab kept in, back on the opener after),
// Escape, the backdrop, the close button and `close…` closing it, the page not scrolling under
// it, one modal per component, ClerkJS's refusals (sign-in and sign-up while signed in on a
// single-session instance, the profile while signed out: a warning and nothing else), a
// sign-in through the modal, and a sign-out while the profile is open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer } from './harness.mjs';
import { signedInPage } from './me-support.mjs';

let dev, browser, clerk, pages;

// A page with buttons that open the modals, and enough content to scroll.
const app = (fapi, key) => `<!doctype html><html><body>
<p id="who"></p>
<button id="open-sign-in">Sign in</button> <button id="open-sign-up">Sign up</button> <button id="open-profile">Profile</button>
<div style="height:3000px">A long page.</div>
<script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
await clerk.load();
document.getElementById('who').textContent = clerk.user ? 'signed-in:' + clerk.user.id : 'signed-out';
document.getElementById('open-sign-in').onclick = () => clerk.openSignIn();
document.getElementById('open-sign-up').onclick = () => clerk.openSignUp();
document.getElementById('open-profile').onclick = () => clerk.openUserProfile();
window.ready = true;
</script></body></html>`;

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  pages = await servePages({ '/app.html': app(dev.frontendApiUrl, dev.publishableKey) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

async function signedOut() {
  const page = await newPage(await browser.newContext({ viewport: { width: 1000, height: 700 } }));
  await page.goto(`${pages.origin}/app.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

async function signedIn(userId) {
  const page = await signedInPage(browser, dev, clerk, userId, `${pages.origin}/app.html`, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => window.ready);
  return page;
}

const dialog = (page) => page.locator('.cl-modalBackdrop [role=dialog]');

/** What the page shows of its modals: the dialog's attributes and name, the focus, the scroll lock. */
function state(page) {
  return page.evaluate(() => {
    const d = document.querySelector('.cl-modalBackdrop [role=dialog]');
    const labelledBy = d?.getAttribute('aria-labelledby');
    return {
      backdrops: document.querySelectorAll('.cl-modalBackdrop').length,
      modal: d?.getAttribute('aria-modal') ?? null,
      name: (labelledBy ? document.getElementById(labelledBy)?.textContent : d?.getAttribute('aria-label')) ?? null,
      focusInside: !!d && d.contains(document.activeElement),
      focused: document.activeElement?.getAttribute('name') || document.activeElement?.id || null,
      scrollLocked: getComputedStyle(document.body).overflow === 'hidden',
    };
  });
}

/** The dialog's controls Tab should reach: visible, enabled, not taken out of the order. */
function tabbable(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.cl-modalBackdrop [role=dialog] :is(a[href], button, input, select, textarea, [tabindex])')]
      .filter((e) => !e.disabled && e.getAttribute('tabindex') !== '-1' && e.type !== 'hidden' && e.getClientRects().length > 0)
      .map((e) => e.outerHTML),
  );
}

/** Presses `key` `n` times; resolves to the focused element after each press (outerHTML, or null when outside the dialog). */
async function walk(page, key, n) {
  const seen = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(key);
    seen.push(await page.evaluate(() => (document.querySelector('.cl-modalBackdrop [role=dialog]')?.contains(document.activeElement) ? document.activeElement.outerHTML : null)));
  }
  return seen;
}

const warnings = (page) => page.logs.filter((m) => m.type() === 'warning').map((m) => m.text());

test('openSignIn: an accessible modal dialog; focus inside and kept in; Escape, the backdrop, the close button and closeSignIn close it', async () => {
  const page = await signedOut();
  await page.click('#open-sign-in');
  await dialog(page).waitFor();
  await page.waitForFunction(() => document.activeElement?.name === 'identifier');
  const open = await state(page);
  assert.equal(open.backdrops, 1);
  assert.equal(open.modal, 'true');
  assert.match(open.name, /^Sign in to /, 'named by the component heading');
  assert.equal(open.focusInside, true);
  assert.equal(open.focused, 'identifier', 'the first field has the focus');
  assert.equal(open.scrollLocked, true, 'the page does not scroll under the modal');
  assert.equal(await page.getByRole('button', { name: 'Close modal' }).count(), 1);

  // Tab goes through every control of the dialog and round again, never out of it.
  const controls = await tabbable(page);
  assert.ok(controls.length >= 3, `${controls.length} controls`);
  const forward = await walk(page, 'Tab', controls.length * 2);
  assert.ok(!forward.includes(null), 'Tab stays in the dialog');
  assert.deepEqual(new Set(forward), new Set(controls), 'and reaches every control');
  assert.deepEqual(forward.slice(controls.length), forward.slice(0, controls.length), 'round and round in the same order');
  const backward = await walk(page, 'Shift+Tab', controls.length + 1);
  assert.ok(!backward.includes(null), 'Shift+Tab stays in the dialog');
  assert.deepEqual(new Set(backward), new Set(controls));

  // Escape closes it; the focus goes back to the button that opened it; the page scrolls again.
  await page.keyboard.press('Escape');
  const closed = await state(page);
  assert.equal(closed.backdrops, 0);
  assert.equal(closed.focused, 'open-sign-in');
  assert.equal(closed.scrollLocked, false);

  // A click on the backdrop closes it; one inside the dialog does not.
  await page.click('#open-sign-in');
  await dialog(page).waitFor();
  await page.click('.cl-modalContent .cl-headerTitle');
  assert.equal((await state(page)).backdrops, 1);
  await page.mouse.click(10, 10);
  assert.deepEqual(await state(page).then((s) => [s.backdrops, s.focused]), [0, 'open-sign-in']);

  // The close button.
  await page.click('#open-sign-in');
  await page.getByRole('button', { name: 'Close modal' }).click();
  assert.deepEqual(await state(page).then((s) => [s.backdrops, s.focused]), [0, 'open-sign-in']);

  // closeSignIn(), from the page; a second open replaces the first; closing twice is harmless.
  await page.click('#open-sign-in');
  await page.evaluate(() => clerk.openSignIn());
  assert.equal((await state(page)).backdrops, 1, 'one modal per component');
  await page.evaluate(() => {
    clerk.closeSignIn();
    clerk.closeSignIn();
  });
  const after = await state(page);
  assert.deepEqual([after.backdrops, after.focused, after.scrollLocked], [0, 'open-sign-in', false], 'the focus goes back to where it was before the first open');
  assert.deepEqual(page.problems, []);
});

test('openSignUp / closeSignUp; openUserProfile while signed out warns and opens nothing', async () => {
  const page = await signedOut();
  await page.click('#open-sign-up');
  await dialog(page).waitFor();
  const open = await state(page);
  assert.equal(open.modal, 'true');
  assert.equal(open.name, await page.textContent('.cl-modalContent h1'));
  assert.equal(await page.locator('.cl-modalContent input[name=email_address]').count(), 1, 'the sign-up form');
  assert.equal(open.focusInside, true);
  await page.evaluate(() => clerk.closeSignUp());
  assert.deepEqual(await state(page).then((s) => [s.backdrops, s.focused]), [0, 'open-sign-up']);

  await page.click('#open-profile');
  assert.equal((await state(page)).backdrops, 0);
  assert.ok(warnings(page).some((w) => w.includes('UserProfile')), JSON.stringify(warnings(page)));
  assert.deepEqual(page.problems, []);
});

test('signing in through the modal: the modal closes and the page reloads signed in', async () => {
  const { user, email, password } = await createUser(clerk, { prefix: 'modal-in' });
  const page = await signedOut();
  await page.click('#open-sign-in');
  await page.fill('.cl-modalContent input[name=identifier]', email);
  await page.click('.cl-modalContent button[type=submit]');
  await page.fill('.cl-modalContent input[name=password]', password);
  await Promise.all([page.waitForEvent('load'), page.click('.cl-modalContent button[type=submit]')]);
  await page.waitForFunction(() => window.ready);
  assert.equal(await page.textContent('#who'), `signed-in:${user.id}`);
  assert.equal((await state(page)).backdrops, 0);
  assert.deepEqual(page.problems, []);
});

test('signed in on a single-session instance: openSignIn / openSignUp warn and open nothing; openUserProfile / closeUserProfile; a sign-out closes the profile', async () => {
  const { user } = await createUser(clerk, { prefix: 'modal-profile' });
  const page = await signedIn(user.id);
  // Signed in, the page has not fetched the UI module yet: the calls run once it is in.
  const refused = new Promise((resolve) => {
    let n = 0;
    page.on('console', (m) => m.type() === 'warning' && m.text().includes('<SignIn/>') && ++n === 2 && resolve());
  });
  await page.click('#open-sign-in');
  await page.click('#open-sign-up');
  await refused;
  assert.equal((await state(page)).backdrops, 0);

  await page.click('#open-profile');
  await dialog(page).waitFor();
  const open = await state(page);
  assert.equal(open.modal, 'true');
  assert.ok(open.name, 'the dialog has a name');
  assert.equal(open.focusInside, true);
  assert.equal(await page.textContent('.cl-modalContent h1'), 'Profile details');
  assert.equal(await dialog(page).getByRole('navigation', { name: 'Account' }).count(), 1);
  const controls = await tabbable(page);
  const forward = await walk(page, 'Tab', controls.length + 1);
  assert.ok(!forward.includes(null), 'Tab stays in the dialog');
  await page.evaluate(() => clerk.closeUserProfile());
  assert.deepEqual(await state(page).then((s) => [s.backdrops, s.focused, s.scrollLocked]), [0, 'open-profile', false]);

  // Signed out while the profile is open: it closes, and nothing breaks.
  await page.click('#open-profile');
  await dialog(page).waitFor();
  await page.evaluate(() => clerk.signOut(() => {}));
  await page.waitForFunction(() => !document.querySelector('.cl-modalBackdrop'));
  assert.deepEqual(await state(page).then((s) => [s.focused, s.scrollLocked]), ['open-profile', false]);
  assert.deepEqual(page.problems, []);
});
