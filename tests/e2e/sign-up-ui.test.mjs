// The sign-up component (`clerk.mountSignUp`) typed into by Playwright against the dev server:
// the fields the instance asks for, the email code from the dev outbox, `unsafeMetadata` copied
// onto the new user, and a taken email refused at its field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, backend, createUser, launchBrowser, newPage, outboxCode, servePages, startDevServer, uniqueEmail } from './harness.mjs';

let dev, browser, clerk, pages;

const mountPage = (fapi, key) => `<!doctype html><html><body><p id="who"></p><div id="sign-up"></div><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
await clerk.load();
document.getElementById('who').textContent = clerk.user ? 'signed-in:' + clerk.user.id : 'signed-out';
if (!clerk.user) clerk.mountSignUp(document.getElementById('sign-up'), { unsafeMetadata: { plan: 'trial', referrer: 'docs' } });
window.ready = true;
</script></body></html>`;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  dev = await startDevServer();
  clerk = backend(dev);
  pages = await servePages({ '/sign-up.html': mountPage(dev.frontendApiUrl, dev.publishableKey) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

async function open() {
  const page = await newPage(await browser.newContext({ viewport: { width: 900, height: 820 } }));
  await page.goto(`${pages.origin}/sign-up.html`);
  await page.waitForFunction(() => window.ready);
  await page.waitForSelector('input[name=email_address]');
  return page;
}

test('sign-up with email, password and the email code; unsafeMetadata reaches the user', async () => {
  const page = await open();
  await page.screenshot({ path: join(artifacts, 'sign-up.png') });
  const email = uniqueEmail('new');
  await page.fill('input[name=first_name]', 'Grace');
  await page.fill('input[name=last_name]', 'Hopper');
  await page.fill('input[name=email_address]', email);
  await page.fill('input[name=password]', 'compiler-1952');
  await page.click('button[type=submit]');
  await page.waitForSelector('input[name=code]');
  await page.screenshot({ path: join(artifacts, 'sign-up-verify.png') });
  assert.match(await page.textContent('.cl-subtitle'), new RegExp(email.replace(/[.+]/g, '\\$&')));
  await page.fill('input[name=code]', await outboxCode(dev, email));
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  const id = (await page.textContent('#who')).slice('signed-in:'.length);
  const user = await clerk.users.getUser(id);
  assert.equal(user.emailAddresses[0].emailAddress, email);
  assert.equal(user.emailAddresses[0].verification.status, 'verified');
  assert.equal(user.fullName, 'Grace Hopper');
  assert.deepEqual(user.unsafeMetadata, { plan: 'trial', referrer: 'docs' });
  assert.equal(user.passwordEnabled, true);
  assert.deepEqual(page.problems, []);
});

test('a taken email is refused at its field and creates nobody', async () => {
  const { email } = await createUser(clerk, { prefix: 'taken' });
  const before = (await clerk.users.getUserList()).totalCount;
  const page = await open();
  await page.fill('input[name=email_address]', email);
  await page.fill('input[name=password]', 'another-password');
  await page.click('button[type=submit]');
  const input = page.locator('input[name=email_address][aria-invalid=true]');
  await input.waitFor();
  assert.match(await page.textContent(`#${await input.getAttribute('aria-describedby')}`), /taken/i);
  assert.equal((await clerk.users.getUserList()).totalCount, before);
  assert.equal(await page.textContent('#who'), 'signed-out');
});

test('a wrong email code is refused at the code field', async () => {
  const page = await open();
  const email = uniqueEmail('wrongcode');
  await page.fill('input[name=email_address]', email);
  await page.fill('input[name=password]', 'a-good-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('input[name=code]');
  await page.fill('input[name=code]', '000000');
  await page.click('button[type=submit]');
  const input = page.locator('input[name=code][aria-invalid=true]');
  await input.waitFor();
  assert.match(await page.textContent(`#${await input.getAttribute('aria-describedby')}`), /Incorrect code/i);
  assert.equal((await clerk.users.getUserList({ emailAddress: [email] })).totalCount, 0);
});
