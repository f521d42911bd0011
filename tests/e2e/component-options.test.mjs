// The components' props that are not flows (issue 14): `appearance.elements` (ClerkJS's element
// keys → the page's classes, added to the elements that carry `cl-<key>`; a key that is not a
// word changes nothing) and `appearance.variables` (colorPrimary, borderRadius), on the cards and the account components;
// the profile's `routing` — `hash` by default (`#/security`), `path` with `path`
// (`<path>/security`) — read when it mounts and written when its pages change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

let dev, browser, pages, clerk;

/**
 * A page that mounts the component named by the query's `c` (else the profile when signed in,
 * the sign-in card when not) with the props in the query's `p` (JSON), or with `fixed` props.
 */
const mountPage = (fapi, key, fixed) => `<!doctype html><html><body><div id="c"></div><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
await clerk.load();
const q = new URLSearchParams(location.search);
const props = ${fixed ? JSON.stringify(fixed) : "JSON.parse(q.get('p') || '{}')"};
const which = q.get('c') || (clerk.user ? 'UserProfile' : 'SignIn');
clerk['mount' + which](document.getElementById('c'), props);
window.ready = true;
</script></body></html>`;

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  const html = mountPage(dev.frontendApiUrl, dev.publishableKey);
  // The profile with path routing, served at its path and at its Security page's.
  const routed = mountPage(dev.frontendApiUrl, dev.publishableKey, { routing: 'path', path: '/account' });
  pages = await servePages({ '/m.html': html, '/account': routed, '/account/security': routed });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

const url = (path, props, c) => `${pages.origin}${path}?${new URLSearchParams({ p: JSON.stringify(props), ...(c ? { c } : {}) })}`;

/** A page at `path` with `userId` signed in (by ticket), the profile mounted with `props`. */
async function profile(userId, path, props) {
  const page = await newPage(await browser.newContext());
  await page.goto(url(path, props));
  await signInByTicket(page, dev, await ticket(clerk, userId));
  await page.waitForFunction(() => window.ready);
  await page.locator('.cl-userProfile').waitFor();
  return page;
}

const classesOf = (page, selector) => page.locator(selector).first().evaluate((el) => [...el.classList]);

test('appearance.elements adds the page classes to the elements with those keys, on the sign-in card', async () => {
  const page = await newPage(await browser.newContext());
  const elements = { card: 'my-card extra', formButtonPrimary: 'my-primary', headerTitle: 'my-title', 'not a key!': 'nope' };
  await page.goto(url('/m.html', { appearance: { elements, variables: { colorPrimary: '#0a7d00', borderRadius: '2px' } } }));
  await page.locator('.cl-formButtonPrimary').waitFor();
  assert.ok((await classesOf(page, '.cl-card')).includes('my-card'));
  assert.ok((await classesOf(page, '.cl-card')).includes('extra'));
  assert.ok((await classesOf(page, '.cl-formButtonPrimary')).includes('my-primary'));
  assert.ok((await classesOf(page, '.cl-headerTitle')).includes('my-title'));
  assert.equal(await page.locator('.nope').count(), 0);
  assert.equal(await page.locator('.cl-formButtonPrimary').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(10, 125, 0)');
  // borderRadius: the fields and buttons take it, the card a little more.
  assert.equal(await page.locator('.cl-formButtonPrimary').evaluate((el) => getComputedStyle(el).borderRadius), '2px');
  assert.equal(await page.locator('.cl-card').evaluate((el) => getComputedStyle(el).borderRadius), '8px');
  assert.deepEqual(page.problems, []);
});

test('appearance.elements on the profile and the user button, kept across drawings', async () => {
  const { user } = await createUser(clerk);
  const elements = { userProfile: 'my-profile', profileSection: 'my-section', formButtonPrimary: 'my-primary', userButtonTrigger: 'my-trigger' };
  const page = await profile(user.id, '/m.html', { appearance: { elements } });
  assert.ok((await classesOf(page, '.cl-userProfile')).includes('my-profile'));
  assert.ok((await classesOf(page, '.cl-profileSection')).includes('my-section'));
  // A form drawn later gets them too.
  await page.getByRole('button', { name: 'Add email address' }).click();
  await page.getByRole('textbox', { name: 'Email address' }).waitFor();
  assert.ok((await classesOf(page, '.cl-profileSection form .cl-formButtonPrimary')).includes('my-primary'));

  await page.evaluate((elements) => {
    const el = document.createElement('div');
    el.id = 'ub';
    document.body.prepend(el);
    window.clerk.mountUserButton(el, { appearance: { elements } });
  }, elements);
  await page.locator('#ub .cl-userButtonTrigger').waitFor();
  assert.ok((await classesOf(page, '#ub .cl-userButtonTrigger')).includes('my-trigger'));
  assert.deepEqual(page.problems, []);
});

test('routing "hash" (default): the Security page is #/security, and a page opened there shows it', async () => {
  const { user } = await createUser(clerk);
  const page = await profile(user.id, '/m.html', {});
  await page.getByRole('heading', { name: 'Profile details' }).waitFor();
  await page.getByRole('button', { name: 'Security', exact: true }).click();
  await page.getByRole('heading', { name: 'Active devices' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/security');
  await page.reload();
  await page.waitForFunction(() => window.ready);
  await page.getByRole('heading', { name: 'Active devices' }).waitFor();
  await page.getByRole('button', { name: 'Account', exact: true }).click();
  await page.getByRole('heading', { name: 'Profile details' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/');
});

test('routing "path" with path: the Security page is <path>/security, and a page opened there shows it', async () => {
  const { user } = await createUser(clerk);
  const page = await profile(user.id, '/account', {});
  await page.getByRole('heading', { name: 'Profile details' }).waitFor();
  await page.getByRole('button', { name: 'Security', exact: true }).click();
  await page.getByRole('heading', { name: 'Active devices' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/security');
  assert.equal(new URL(page.url()).hash, '');
  // The served page at that path opens on the Security page.
  await page.reload();
  await page.waitForFunction(() => window.ready);
  await page.getByRole('heading', { name: 'Active devices' }).waitFor();
  await page.getByRole('button', { name: 'Account', exact: true }).click();
  await page.getByRole('heading', { name: 'Profile details' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.deepEqual(page.problems, []);
});
