// The sign-in component (`clerk.mountSignIn`) typed into by a person (Playwright) against the
// dev server: Clerk's script-tag example page signing the demo user in; email codes from the dev
// outbox; SMS multi-factor; every refusal shown at the right field with nobody signed in;
// sign-out. Screenshots of the component go to tests/e2e/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, backend, createUser, demo, launchBrowser, newPage, outboxCode, servePages, signInMountPage, startDevServer, ticket, uniqueEmail } from './harness.mjs';

let dev, browser, clerk, pages;

// Clerk's script-tag example from the "Create user metadata" page, verbatim but for the key and
// the script URL (Clerk's docs load it from https://<fapi>; the dev server speaks plain http).
const docsExample = (key, fapi) => `<div id="app"></div> <!-- Initialize Clerk with your Clerk Publishable key and Frontend API URL --> <script async crossorigin="anonymous" data-clerk-publishable-key="${key}" src="${fapi}/npm/@clerk/clerk-js@latest/dist/clerk.browser.js" type="text/javascript" ></script> <script> window.addEventListener("load", async function () { await Clerk.load(); if (Clerk.user) { const email = ""; Clerk.user.createEmailAddress({ email }) .then((response) => console.log(response)) .catch((error) => console.log("An error occurred:", error.errors)); } else { document.getElementById("app").innerHTML = \` <div id="sign-in"></div> \`; const signInDiv = document.getElementById("sign-in"); Clerk.mountSignIn(signInDiv); } }); </script>`;


before(async () => {
  mkdirSync(artifacts, { recursive: true });
  dev = await startDevServer({ seedDemo: true });
  clerk = backend(dev);
  pages = await servePages({ '/example.html': docsExample(dev.publishableKey, dev.frontendApiUrl), '/mount.html': signInMountPage(dev.frontendApiUrl, dev.publishableKey) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

async function openMount() {
  const page = await newPage(await browser.newContext({ viewport: { width: 900, height: 760 } }));
  await page.goto(`${pages.origin}/mount.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

async function continueWith(page, name, value) {
  await page.fill(`input[name=${name}]`, value);
  await page.click('button[type=submit]');
}

const who = (page) => page.textContent('#who');

async function fieldError(page, name) {
  const input = page.locator(`input[name=${name}][aria-invalid=true]`);
  await input.waitFor();
  const id = await input.getAttribute('aria-describedby');
  return page.textContent(`#${id}`);
}

test("Clerk's script-tag example: signed out it shows our sign-in; the demo user signs in and the page reloads signed in", async () => {
  const page = await newPage(await browser.newContext({ viewport: { width: 900, height: 760 } }));
  await page.goto(`${pages.origin}/example.html`);
  await page.waitForSelector('#sign-in input[name=identifier]');
  await page.screenshot({ path: join(artifacts, 'sign-in.png') });
  await continueWith(page, 'identifier', demo.email);
  await page.waitForSelector('input[name=password]');
  await page.screenshot({ path: join(artifacts, 'sign-in-password.png') });
  const signedInBranch = page.waitForEvent('console', (m) => m.text().startsWith('An error occurred:'));
  await continueWith(page, 'password', demo.password);
  // The component navigates to the current page; the example's signed-in branch then runs
  // (with the docs' empty email it reaches its error branch, which only the signed-in branch has).
  const message = await signedInBranch;
  const errors = await message.args()[1].jsonValue();
  assert.equal(errors[0].code, 'form_param_missing');
  assert.equal(errors[0].meta.paramName, 'email_address');
  assert.equal(await page.evaluate(() => Clerk.user.primaryEmailAddress.emailAddress), demo.email);
  assert.equal(await page.locator('#sign-in').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('sign-in with an email code read from the dev outbox', async () => {
  const { user, email } = await createUser(clerk, { password: undefined, prefix: 'code' });
  const page = await openMount();
  await continueWith(page, 'identifier', email);
  await page.waitForSelector('input[name=code]');
  assert.match(await page.textContent('.cl-subtitle'), /Enter the code sent to/);
  await continueWith(page, 'code', await outboxCode(dev, email));
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.equal(await who(page), `signed-in:${user.id}`);
});

test('"Use a code instead" on the password step', async () => {
  const { user, email } = await createUser(clerk, { prefix: 'switch' });
  const page = await openMount();
  await continueWith(page, 'identifier', email);
  await page.waitForSelector('input[name=password]');
  await page.click('text=Use a code instead');
  await page.waitForSelector('input[name=code]');
  await continueWith(page, 'code', await outboxCode(dev, email));
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.equal(await who(page), `signed-in:${user.id}`);
});

test('"Use another method" lists the ways in; each choice leads to its step', async () => {
  const { user, email, password } = await createUser(clerk, { prefix: 'choose' });
  const page = await openMount();
  await continueWith(page, 'identifier', email);
  await page.waitForSelector('input[name=password]');
  await page.click('text=Use a code instead');
  await page.waitForSelector('input[name=code]');
  await page.click('text=Use another method');
  await page.waitForSelector('text=Sign in with your password');
  const choices = await page.locator('.cl-choices button').allTextContents();
  assert.deepEqual(choices.map((c) => c.replace(email, '<email>')).sort(), ['Email a code to <email>', 'Sign in with your password']);
  // Each choice goes to the step of its factor: a new email code, then (back to the list) the
  // password, which signs in.
  await page.click('text=Email a code to');
  await page.waitForSelector('text=Check your email');
  await page.click('text=Use another method');
  await page.click('text=Sign in with your password');
  await page.waitForSelector('input[name=password]');
  await continueWith(page, 'password', password);
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.equal(await who(page), `signed-in:${user.id}`);
});

test('a user with SMS multi-factor passes the second factor', async () => {
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  const { user, email, password } = await createUser(clerk, { phoneNumber: [phone], prefix: 'mfa' });
  // Reserve the phone for the second factor, as the user would from their profile.
  const setup = await openMount();
  await setup.evaluate(async (token) => {
    const si = await window.clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await window.clerk.setActive({ session: si.createdSessionId });
    await window.clerk.user.phoneNumbers[0].setReservedForSecondFactor({ reserved: true });
    await window.clerk.signOut(() => {});
  }, await ticket(clerk, user.id));

  const page = await openMount();
  await continueWith(page, 'identifier', email);
  await page.waitForSelector('input[name=password]');
  await continueWith(page, 'password', password);
  await page.waitForSelector('text=Two-step verification');
  await page.screenshot({ path: join(artifacts, 'sign-in-second-factor.png') });
  assert.equal(await who(page), 'signed-out', 'not signed in before the second factor');
  await continueWith(page, 'code', '000000');
  assert.match(await fieldError(page, 'code'), /code/i);
  await continueWith(page, 'code', await outboxCode(dev, phone));
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.equal(await who(page), `signed-in:${user.id}`);
});

test('refusals land at their field and sign nobody in', async () => {
  const page = await openMount();
  // Unknown identifier.
  await continueWith(page, 'identifier', uniqueEmail('nobody'));
  assert.match(await fieldError(page, 'identifier'), /find your account/i);
  // Wrong password.
  const { email } = await createUser(clerk, { prefix: 'wrongpw' });
  await continueWith(page, 'identifier', email);
  await page.waitForSelector('input[name=password]');
  await continueWith(page, 'password', 'not-the-password');
  assert.match(await fieldError(page, 'password'), /Password is incorrect/);
  await page.screenshot({ path: join(artifacts, 'sign-in-error.png') });
  // Wrong code.
  await page.click('text=Use a code instead');
  await page.waitForSelector('input[name=code]');
  await continueWith(page, 'code', '123456');
  assert.match(await fieldError(page, 'code'), /Incorrect code/i);
  assert.equal(await who(page), 'signed-out');
  assert.equal(await page.evaluate(() => window.clerk.user), null);
  assert.deepEqual(page.problems, []);
});

test('a locked user sees the lockout and stays signed out', async () => {
  const { email } = await createUser(clerk, { prefix: 'locked' });
  const page = await openMount();
  await continueWith(page, 'identifier', email);
  await page.waitForSelector('input[name=password]');
  for (let i = 0; i < 5; i++) {
    await continueWith(page, 'password', `wrong-${i}`);
    await fieldError(page, 'password');
  }
  await continueWith(page, 'password', 'correct-horse-battery');
  await page.waitForFunction(() => document.querySelector('[data-role=alert]').textContent.includes('locked'));
  assert.match(await page.textContent('[data-role=alert]'), /Your account is locked/);
  assert.equal(await page.evaluate(() => window.clerk.user), null);
});

test('sign-out clears the user and the session cookie; a new load stays signed out', async () => {
  const { user } = await createUser(clerk, { prefix: 'out' });
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(`${pages.origin}/mount.html`);
  await page.waitForFunction(() => window.ready);
  await page.evaluate(async (token) => {
    const si = await window.clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
    await window.clerk.setActive({ session: si.createdSessionId });
  }, await ticket(clerk, user.id));
  assert.ok((await context.cookies(pages.origin)).some((c) => c.name === '__session'));
  const after = await page.evaluate(async () => {
    await window.clerk.signOut(() => {});
    return { user: window.clerk.user, session: window.clerk.session };
  });
  assert.deepEqual(after, { user: null, session: null });
  assert.ok(!(await context.cookies(pages.origin)).some((c) => c.name === '__session' && c.value));
  await page.reload();
  await page.waitForFunction(() => window.ready);
  assert.equal(await who(page), 'signed-out');
});

test('"Forgot password?": a reset code from the outbox, a new password (mismatch refused at its field), signed in; the old password is gone', async () => {
  const { user, email, password } = await createUser(clerk, { prefix: 'forgot' });
  const page = await openMount();
  await continueWith(page, 'identifier', email);
  await page.waitForSelector('input[name=password]');
  await page.click('text=Forgot password?');
  await page.waitForSelector('text=Reset password');
  assert.match(await page.textContent('.cl-subtitle'), new RegExp(`Enter the code sent to ${email.replace(/[.+]/g, '\\$&')}`));
  await continueWith(page, 'code', await outboxCode(dev, email));
  await page.waitForSelector('text=Set new password');
  await page.fill('input[name=password]', 'a-fresh-password-123');
  await continueWith(page, 'confirm_password', 'a-different-password');
  assert.match(await fieldError(page, 'confirm_password'), /match/i);
  await page.fill('input[name=password]', 'a-fresh-password-123');
  await page.screenshot({ path: join(artifacts, 'sign-in-new-password.png') });
  await continueWith(page, 'confirm_password', 'a-fresh-password-123');
  await page.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.equal(await who(page), `signed-in:${user.id}`);
  // The new password signs in; the old one no longer does.
  const other = await openMount();
  await continueWith(other, 'identifier', email);
  await other.waitForSelector('input[name=password]');
  await continueWith(other, 'password', password);
  assert.match(await fieldError(other, 'password'), /incorrect/i);
  await continueWith(other, 'password', 'a-fresh-password-123');
  await other.waitForFunction(() => document.getElementById('who').textContent.startsWith('signed-in'));
  assert.deepEqual([...page.problems, ...other.problems], []);
});
