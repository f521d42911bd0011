// The components as people see them (issue 14): screenshots of the sign-in card, the user
// button's menu and each page of the user profile, in the default look and with
// `appearance.variables.colorPrimary` changed, written to tests/e2e/artifacts/components/ (the
// README's "What the components look like" shows copies of them from docs/screenshots/).
// Besides the pictures, it checks what they are meant to show: every section of both profile
// pages is drawn, and the page's `colorPrimary` reaches the primary buttons, the focus ring's
// colour and nothing else in the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, backend, launchBrowser, newPage, servePages, signInMountPage, startDevServer, ticket } from './harness.mjs';
import { signInByTicket } from './oauth-support.mjs';

const shots = join(artifacts, 'components');
const PINK = '#db2777';
let dev, browser, pages, clerk;

/** A page with the user button in a header and the profile under it; `?primary=` sets colorPrimary. */
const accountPage = (fapi, key) => `<!doctype html><html><head><style>
body{margin:0;background:#f6f7fb;font-family:system-ui,sans-serif}
header{display:flex;justify-content:space-between;align-items:center;padding:12px 24px;background:#fff;border-bottom:1px solid #e5e7eb}
main{padding:24px}</style></head><body><header><strong>Example app</strong><div id="user-button"></div></header>
<main><div id="profile"></div></main><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
await clerk.load();
const primary = new URLSearchParams(location.search).get('primary');
const appearance = primary ? { variables: { colorPrimary: primary } } : undefined;
if (clerk.user) {
  clerk.mountUserButton(document.getElementById('user-button'), { appearance, showName: true });
  clerk.mountUserProfile(document.getElementById('profile'), { appearance });
}
window.ready = true;
</script></body></html>`;

before(async () => {
  const config = join(mkdtempSync(join(tmpdir(), 'clerk-visual-')), 'clerk.toml');
  writeFileSync(config, 'delete_self = true\noauth_providers = ["notion", "github"]\n');
  dev = await startDevServer({ config });
  clerk = backend(dev);
  pages = await servePages({
    '/sign-in.html': signInMountPage(dev.frontendApiUrl, dev.publishableKey),
    '/account.html': accountPage(dev.frontendApiUrl, dev.publishableKey),
  });
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
/** The computed background colour of the first element `selector` finds. */
const background = (page, selector) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);

test('the sign-in card, default and with colorPrimary', async () => {
  const page = await newPage(await browser.newContext({ viewport: { width: 560, height: 720 } }));
  await page.goto(`${pages.origin}/sign-in.html`);
  await page.getByRole('heading', { name: /Sign in/ }).waitFor();
  await page.screenshot({ path: join(shots, 'sign-in.png') });
  const before = await background(page, '.cl-formButtonPrimary');
  assert.notEqual(before, rgb(PINK));

  await page.evaluate((primary) => {
    const el = document.getElementById('sign-in');
    window.clerk.unmountSignIn(el);
    window.clerk.mountSignIn(el, { appearance: { variables: { colorPrimary: primary } } });
  }, PINK);
  await page.waitForFunction((pink) => {
    const b = document.querySelector('.cl-formButtonPrimary');
    return b && getComputedStyle(b).backgroundColor === pink;
  }, rgb(PINK));
  await page.screenshot({ path: join(shots, 'sign-in-pink.png') });
  assert.deepEqual(page.problems, []);
});

for (const [variant, query] of [
  ['', ''],
  ['-pink', `?primary=${encodeURIComponent(PINK)}`],
]) {
  test(`the user button's menu and both profile pages${variant ? ', with colorPrimary' : ''}`, async () => {
    const { id } = await clerk.users.createUser({
      emailAddress: [`visual-${Date.now()}${variant}@example.com`],
      phoneNumber: [`+1555${String(Date.now()).slice(-7)}`],
      username: `visual${Date.now()}${variant.replace('-', '_')}`,
      password: 'correct horse battery staple',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    const page = await newPage(await browser.newContext({ viewport: { width: 1000, height: 640 } }));
    await page.goto(`${pages.origin}/account.html${query}`);
    await signInByTicket(page, dev, await ticket(clerk, id));
    await page.waitForFunction(() => window.ready);
    const profile = page.locator('#profile');
    for (const name of ['Profile', 'Username', 'Email addresses', 'Phone numbers', 'Connected accounts', 'Web3 wallets']) {
      await profile.getByRole('heading', { name, exact: true }).waitFor();
    }
    const add = profile.getByRole('button', { name: 'Add email address' });
    const color = await add.evaluate((el) => getComputedStyle(el).color);
    if (variant) assert.equal(color, rgb(PINK));
    else assert.notEqual(color, rgb(PINK));
    await page.screenshot({ path: join(shots, `profile-account${variant}.png`), fullPage: true });

    await page.getByRole('button', { name: 'Open user menu' }).click();
    await page.getByRole('button', { name: 'Manage account' }).waitFor();
    await page.locator('.cl-userButtonPopoverCard').screenshot({ path: join(shots, `user-button${variant}.png`) });
    await page.keyboard.press('Escape');

    await profile.getByRole('button', { name: 'Security', exact: true }).click();
    for (const name of ['Password', 'Two-step verification', 'Active devices', 'Delete account']) {
      await profile.getByRole('heading', { name, exact: true }).waitFor();
    }
    await profile.getByText('This device').waitFor();
    await page.screenshot({ path: join(shots, `profile-security${variant}.png`), fullPage: true });

    // The page around the components keeps its own colours.
    assert.equal(await background(page, 'header'), 'rgb(255, 255, 255)');
    assert.deepEqual(page.problems, []);
  });
}
