// The user button (`clerk.mountUserButton`) in a page, against the dev server: the avatar
// (initials on a colour of the user's own, then the profile image once the user has one), the
// account panel (name, identifier, "Manage account", "Sign out"; Escape, a click outside,
// the arrow keys), "Manage account" in a modal or as a navigation, "Sign out" to
// `afterSignOutUrl`, nothing drawn once signed out; on a multi-session instance the other
// accounts, switching between them, "Add account" through the sign-in modal, signing out of
// the current account only, and "Sign out of all accounts".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backend, createUser, launchBrowser, servePages, startDevServer } from './harness.mjs';
import { signedInPage } from './me-support.mjs';

let single, multi, browser, pages;

/** A dev-server config with one or several sessions per client. */
function config(singleSession) {
  const file = join(mkdtempSync(join(tmpdir(), 'clerk-user-button-')), 'clerk.toml');
  writeFileSync(file, `[session]\nsingle_session_mode = ${singleSession}\n`);
  return file;
}

// The app: loads the SDK and, signed in, mounts the user button with the props the URL's
// `props` parameter holds (JSON); `#who` tells who is signed in.
const app = (dev) => `<!doctype html><html><body>
<header style="display:flex;justify-content:space-between"><p id="who"></p><div id="ub"></div></header>
<main><p id="outside">Some text of the page.</p><input id="search" aria-label="Search"></main>
<script type="module">
import Clerk from '${dev.frontendApiUrl}/pkg/clerk.js';
const clerk = new Clerk('${dev.publishableKey}');
window.clerk = clerk;
await clerk.load();
document.getElementById('who').textContent = clerk.user ? 'signed-in:' + clerk.user.id : 'signed-out';
const props = JSON.parse(new URLSearchParams(location.search).get('props') || '{}');
if (clerk.user) clerk.mountUserButton(document.getElementById('ub'), props);
window.ready = true;
</script></body></html>`;

const bye = '<!doctype html><html><body><p>Signed out.</p></body></html>';

before(async () => {
  [single, multi] = await Promise.all([startDevServer({ config: config(true) }), startDevServer({ config: config(false) })]);
  single.clerk = backend(single);
  multi.clerk = backend(multi);
  pages = await servePages({ '/single.html': app(single), '/multi.html': app(multi), '/bye.html': bye, '/profile.html': bye });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  single?.stop();
  multi?.stop();
});

/** `dev`'s app with `props`, `userId` signed in, the user button drawn. */
async function appFor(dev, userId, props = {}) {
  const url = `${pages.origin}/${dev === single ? 'single' : 'multi'}.html?props=${encodeURIComponent(JSON.stringify(props))}`;
  const page = await signedInPage(browser, dev, dev.clerk, userId, url, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => window.ready);
  await page.waitForSelector('#ub .cl-userButtonTrigger');
  return page;
}

const trigger = (page) => page.locator('#ub .cl-userButtonTrigger');
const panel = (page) => page.getByRole('dialog', { name: 'Account panel' });
const focused = (page) => page.evaluate(() => document.activeElement?.textContent?.trim() || document.activeElement?.getAttribute('aria-label') || document.activeElement?.tagName);

/** The trigger's avatar: its initials, colour and image. */
function avatar(page) {
  return page.evaluate(() => {
    const box = document.querySelector('#ub .cl-userButtonTrigger .cl-avatarBox.cl-userButtonAvatarBox');
    const img = box?.querySelector('img');
    return box && { text: box.textContent, background: box.style.background, img: img && { src: img.getAttribute('src'), alt: img.getAttribute('alt') } };
  });
}

/** The sessions of `userId` on `dev` by status, as the Backend API lists them. */
async function sessionStatuses(dev, userId) {
  const { data } = await dev.clerk.sessions.getSessionList({ userId });
  return data.map((s) => s.status).sort();
}

test('the avatar: initials on a colour of the user, then the profile image; the trigger and the panel (keys, outside click)', async () => {
  const { user, email } = await createUser(single.clerk, { prefix: 'ub-avatar', firstName: 'Pat', lastName: 'Example' });
  const page = await appFor(single, user.id, { showName: true });

  const t = trigger(page);
  assert.equal(await t.getAttribute('aria-label'), 'Open user menu');
  assert.equal(await t.getAttribute('aria-haspopup'), 'dialog');
  assert.equal(await t.getAttribute('aria-expanded'), 'false');
  const initials = await avatar(page);
  assert.equal(initials.text, 'PE');
  assert.equal(initials.img, null);
  assert.notEqual(initials.background, '', 'the initials sit on a colour');
  assert.equal(await page.textContent('#ub .cl-userButtonOuterIdentifier'), 'Pat Example', 'showName shows the name next to the avatar');
  assert.equal(await page.locator('#ub .cl-userButtonPopoverCard').count(), 0);

  // The user gets a profile image; the button follows the SDK's change.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const imageUrl = await page.evaluate(async (png) => {
    await clerk.user.setProfileImage({ file: new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' }) });
    return clerk.user.imageUrl;
  }, png);
  await page.waitForSelector('#ub .cl-userButtonAvatarBox img');
  assert.deepEqual((await avatar(page)).img, { src: imageUrl, alt: '' });
  assert.equal(await page.evaluate(() => document.querySelector('#ub .cl-userButtonAvatarBox img').naturalWidth), 1, 'the image loads');

  // The panel: opened by the button, the focus on its first action.
  await t.click();
  assert.equal(await t.getAttribute('aria-expanded'), 'true');
  assert.equal(await t.getAttribute('aria-label'), 'Close user menu');
  const card = panel(page);
  await card.waitFor();
  assert.equal(await t.getAttribute('aria-controls'), await card.getAttribute('id'));
  assert.ok(await card.evaluate((n) => n.classList.contains('cl-userButtonPopoverCard')));
  assert.equal(await card.locator('.cl-userPreviewMainIdentifier').textContent(), 'Pat Example');
  assert.equal(await card.locator('.cl-userPreviewSecondaryIdentifier').textContent(), email);
  assert.equal(await card.locator('.cl-userPreview img').getAttribute('src'), imageUrl);
  const actions = await card.locator('button.cl-userButtonPopoverActionButton').allTextContents();
  assert.deepEqual(actions, ['Manage account', 'Sign out'], 'one session per client: no other accounts, no "Add account"');
  assert.equal(await card.getByRole('group', { name: 'Account actions' }).count(), 1);
  assert.equal(await focused(page), 'Manage account');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), 'Sign out');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), 'Manage account', 'the arrows go round');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(page), 'Sign out');

  // Escape closes it, the focus back on the button.
  await page.keyboard.press('Escape');
  assert.equal(await card.count(), 0);
  assert.equal(await t.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cl-userButtonTrigger')), true);

  // The keyboard opens it too; a click outside closes it.
  await page.keyboard.press('Enter');
  await card.waitFor();
  await page.click('#outside');
  assert.equal(await card.count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cl-userButtonTrigger')), true);
  // A click on another control keeps the focus there.
  await t.click();
  await card.waitFor();
  await page.click('#search');
  assert.equal(await card.count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
  // Only one button in the page, whatever was drawn since.
  assert.equal(await page.locator('#ub .cl-root').count(), 1);
  assert.deepEqual(page.problems, []);
});

test('"Manage account" opens the profile in a modal; with userProfileMode "navigation" it goes to userProfileUrl', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'ub-manage' });
  const page = await appFor(single, user.id, { userProfileProps: { appearance: { variables: { colorPrimary: 'rgb(1, 2, 3)' } } } });
  await trigger(page).click();
  await panel(page).getByRole('button', { name: 'Manage account' }).click();
  const dialog = page.locator('.cl-modalContent[role=dialog]');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await page.locator('.cl-modalContent h1').first().textContent(), 'Profile details');
  assert.equal(await dialog.getByRole('navigation', { name: 'Account' }).count(), 1);
  assert.equal(await panel(page).count(), 0, 'the panel closed');
  // userProfileProps reach the profile.
  assert.equal(await dialog.locator('.cl-root').evaluate((n) => n.style.getPropertyValue('--cl-primary')), 'rgb(1, 2, 3)');
  await page.keyboard.press('Escape');
  assert.equal(await dialog.count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cl-userButtonTrigger')), true, 'the focus is back on the button');

  const nav = await appFor(single, user.id, { userProfileMode: 'navigation', userProfileUrl: `${pages.origin}/profile.html` });
  await trigger(nav).click();
  await Promise.all([nav.waitForURL(`${pages.origin}/profile.html`), panel(nav).getByRole('button', { name: 'Manage account' }).click()]);
  assert.equal(await nav.locator('.cl-modalContent').count(), 0);

  // Only http(s) addresses are followed.
  const js = await appFor(single, user.id, { userProfileMode: 'navigation', userProfileUrl: 'javascript:window.hacked=1' });
  await trigger(js).click();
  await panel(js).getByRole('button', { name: 'Manage account' }).click();
  assert.equal(await js.evaluate(() => window.hacked), undefined);
  assert.ok(js.url().includes('/single.html'));
  assert.deepEqual([...page.problems, ...nav.problems, ...js.problems], []);
});

test('"Sign out" ends the session and goes to afterSignOutUrl; signed out, the button draws nothing', async () => {
  const { user } = await createUser(single.clerk, { prefix: 'ub-out' });
  const page = await appFor(single, user.id, { afterSignOutUrl: `${pages.origin}/bye.html` });
  await trigger(page).click();
  await Promise.all([page.waitForURL(`${pages.origin}/bye.html`), panel(page).getByRole('button', { name: 'Sign out' }).click()]);
  assert.deepEqual(await sessionStatuses(single, user.id), ['ended']);
  assert.equal(await page.evaluate(() => document.cookie.includes('__session=')), false);

  // Signed out by the page itself: the button goes away.
  const other = await appFor(single, user.id);
  await other.evaluate(() => clerk.signOut(() => {}));
  await other.waitForFunction(() => !document.querySelector('#ub .cl-userButtonTrigger'));
  assert.equal(await other.locator('#ub .cl-root').count(), 1, 'still mounted');
  assert.equal(await other.locator('#ub .cl-root').evaluate((n) => n.childElementCount), 0);
  assert.deepEqual([...page.problems, ...other.problems], []);
});

test('multi-session: "Add account" through the sign-in modal, the other account in the panel, switching, "Sign out" of one, "Sign out of all accounts"', async () => {
  const one = await createUser(multi.clerk, { prefix: 'ub-one', firstName: 'Ada', lastName: 'One' });
  const two = await createUser(multi.clerk, { prefix: 'ub-two', firstName: 'Bo', lastName: 'Two' });
  const props = { afterSignOutUrl: `${pages.origin}/bye.html` };
  const page = await appFor(multi, one.user.id, props);
  assert.equal((await avatar(page)).text, 'AO');

  await trigger(page).click();
  const card = panel(page);
  await card.waitFor();
  assert.deepEqual(await card.locator('button.cl-userButtonPopoverActionButton').allTextContents(), ['Manage account', 'Sign out', 'Add account', 'Sign out of all accounts']);
  assert.equal(await card.getByRole('group', { name: 'Active sessions' }).count(), 1);

  // "Add account": the sign-in modal, over the page.
  await card.getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog').filter({ has: page.locator('input[name=identifier]') });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.name), 'identifier');
  await page.fill('.cl-modalContent input[name=identifier]', two.email);
  await page.click('.cl-modalContent button[type=submit]');
  await page.waitForSelector('.cl-modalContent input[name=password]');
  // The sign-in finishes: the modal closes and the page reloads with the new account current.
  await Promise.all([page.waitForEvent('load'), (async () => {
    await page.fill('.cl-modalContent input[name=password]', two.password);
    await page.click('.cl-modalContent button[type=submit]');
  })()]);
  await page.waitForFunction(() => window.ready);
  assert.equal(await page.textContent('#who'), `signed-in:${two.user.id}`);
  await page.waitForSelector('#ub .cl-userButtonTrigger');
  assert.equal((await avatar(page)).text, 'BT');

  // The other account is listed; a click makes it current.
  await trigger(page).click();
  await card.waitFor();
  const others = card.getByRole('group', { name: 'Active sessions' }).locator('button.cl-userButtonPopoverActionButton .cl-userPreview');
  assert.equal(await others.count(), 1);
  assert.equal(await others.locator('.cl-userPreviewMainIdentifier').textContent(), 'Ada One');
  assert.equal(await others.locator('.cl-userPreviewSecondaryIdentifier').textContent(), one.email);
  await others.click();
  await page.waitForFunction((id) => window.clerk.user?.id === id, one.user.id);
  await page.waitForFunction(() => document.querySelector('#ub .cl-userButtonAvatarBox')?.textContent === 'AO');
  assert.equal(await card.count(), 0, 'the panel closed');
  await trigger(page).click();
  assert.equal(await card.getByRole('group', { name: 'Active sessions' }).locator('.cl-userPreviewMainIdentifier').textContent(), 'Bo Two');

  // "Sign out of all accounts".
  await Promise.all([page.waitForURL(`${pages.origin}/bye.html`), card.getByRole('button', { name: 'Sign out of all accounts' }).click()]);
  assert.deepEqual(await sessionStatuses(multi, one.user.id), ['ended']);
  assert.deepEqual(await sessionStatuses(multi, two.user.id), ['ended']);
  assert.deepEqual(page.problems, []);
});

test('multi-session: "Sign out" ends only the current account', async () => {
  const one = await createUser(multi.clerk, { prefix: 'ub-cur-one' });
  const two = await createUser(multi.clerk, { prefix: 'ub-cur-two' });
  const page = await appFor(multi, one.user.id, { afterSignOutUrl: `${pages.origin}/bye.html` });
  // A second account signed in on the same client (by ticket), made current.
  const token = (await multi.clerk.signInTokens.createSignInToken({ userId: two.user.id, expiresInSeconds: 600 })).token;
  await page.evaluate(async (token) => {
    const si = await clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await clerk.setActive({ session: si.createdSessionId });
  }, token);
  await page.waitForFunction(() => document.querySelectorAll('#ub .cl-userButtonTrigger').length === 1 && window.clerk.client.signedInSessions.length === 2);
  await trigger(page).click();
  await Promise.all([page.waitForURL(`${pages.origin}/bye.html`), panel(page).getByRole('button', { name: 'Sign out', exact: true }).click()]);
  assert.deepEqual(await sessionStatuses(multi, two.user.id), ['removed'], 'the current account is signed out (removed from the client)');
  assert.deepEqual(await sessionStatuses(multi, one.user.id), ['active'], 'the other stays signed in');
  assert.deepEqual(page.problems, []);
});
