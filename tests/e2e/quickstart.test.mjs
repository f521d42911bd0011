// The quickstart page (index.html), served by the dev server with our SDK: signed out, then
// signed in by ticket inside the page, then signed in again after a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, startDevServer, ticket } from './harness.mjs';

let dev, browser, clerk;
before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  dev?.stop();
});

test('the quickstart shows the signed-out and the signed-in state', async () => {
  const { user } = await createUser(clerk);
  const page = await newPage(await browser.newContext());
  await page.goto(`${dev.frontendApiUrl}/`);
  await page.waitForFunction(() => document.getElementById('status').textContent !== 'loading');
  assert.equal(await page.textContent('#status'), 'signed-out');

  // Sign in through the page's own SDK module (the same instance of the module the page uses).
  const token = await ticket(clerk, user.id);
  await page.evaluate(async (token) => {
    const { default: Clerk } = await import('/pkg/clerk.js');
    const { publishableKey } = await (await fetch('/dev/instance')).json();
    const c = new Clerk(publishableKey);
    await c.load();
    const si = await c.client.signIn.create({ strategy: 'ticket', ticket: token });
    await c.setActive({ session: si.createdSessionId });
  }, token);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('signed-in'));
  assert.equal(await page.textContent('#status'), `signed-in:${user.id}`);
  assert.match(await page.textContent('#app'), /Pat Example/);
  // The user button, as in Clerk's quickstart: its menu names the user and opens the profile.
  await page.getByRole('button', { name: 'Open user menu' }).click();
  await page.getByRole('button', { name: 'Manage account' }).click();
  await page.getByRole('dialog').getByRole('heading', { name: 'Profile details' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
});
