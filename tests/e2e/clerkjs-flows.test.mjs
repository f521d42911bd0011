// The sign-in and sign-up flows driven through the official @clerk/clerk-js resources
// (`Clerk.client.signIn.create(…)` etc.) against the dev server, so the server stays true to
// the protocol ClerkJS speaks: password, email code, SMS code, sign-up with email code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, outboxCode, servePages, startDevServer, uniqueEmail } from './harness.mjs';

let dev, browser, clerk, pages;

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  pages = await servePages({
    '/clerkjs.html': `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${dev.publishableKey}" data-clerk-proxy-url="${dev.frontendApiUrl}"></script>
<script>window.addEventListener('load', async () => { await Clerk.load(); window.ready = true; });</script>
</body></html>`,
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

async function open() {
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/clerkjs.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

test('ClerkJS: identifier + password in one create', async () => {
  const { user, email, password } = await createUser(clerk, { prefix: 'cjs-pw' });
  const page = await open();
  const result = await page.evaluate(async ({ email, password }) => {
    const si = await Clerk.client.signIn.create({ identifier: email, password, strategy: 'password' });
    await Clerk.setActive({ session: si.createdSessionId });
    return { status: si.status, user: Clerk.user.id };
  }, { email, password });
  assert.deepEqual(result, { status: 'complete', user: user.id });
});

test('ClerkJS: identifier, then the email code factor', async () => {
  const { user, email } = await createUser(clerk, { prefix: 'cjs-code' });
  const page = await open();
  const factor = await page.evaluate(async (email) => {
    const si = await Clerk.client.signIn.create({ identifier: email });
    const f = si.supportedFirstFactors.find((f) => f.strategy === 'email_code');
    await si.prepareFirstFactor({ strategy: 'email_code', emailAddressId: f.emailAddressId });
    return { status: si.status, strategies: si.supportedFirstFactors.map((f) => f.strategy), verification: si.firstFactorVerification.status };
  }, email);
  assert.equal(factor.status, 'needs_first_factor');
  assert.ok(factor.strategies.includes('password') && factor.strategies.includes('email_code'));
  assert.equal(factor.verification, 'unverified');
  const code = await outboxCode(dev, email);
  const done = await page.evaluate(async (code) => {
    const si = await Clerk.client.signIn.attemptFirstFactor({ strategy: 'email_code', code });
    await Clerk.setActive({ session: si.createdSessionId });
    return { status: si.status, user: Clerk.user.id };
  }, code);
  assert.deepEqual(done, { status: 'complete', user: user.id });
});

test('ClerkJS: a wrong password is form_password_incorrect at paramName password', async () => {
  const { email } = await createUser(clerk, { prefix: 'cjs-wrong' });
  const page = await open();
  const err = await page.evaluate(async (email) => {
    try {
      await Clerk.client.signIn.create({ identifier: email, password: 'nope-nope-nope', strategy: 'password' });
      return null;
    } catch (e) {
      return { code: e.errors[0].code, param: e.errors[0].meta.paramName, user: Clerk.user ?? null };
    }
  }, email);
  assert.deepEqual(err, { code: 'form_password_incorrect', param: 'password', user: null });
});

test('ClerkJS: sign-up with email code and unsafeMetadata', async () => {
  const email = uniqueEmail('cjs-up');
  const page = await open();
  const started = await page.evaluate(async (email) => {
    const su = await Clerk.client.signUp.create({ emailAddress: email, password: 'a-fine-password', unsafeMetadata: { from: 'clerkjs' } });
    await su.prepareEmailAddressVerification({ strategy: 'email_code' });
    return { status: su.status, unverified: su.unverifiedFields };
  }, email);
  assert.equal(started.status, 'missing_requirements');
  assert.deepEqual(started.unverified, ['email_address']);
  const code = await outboxCode(dev, email);
  const done = await page.evaluate(async (code) => {
    const su = await Clerk.client.signUp.attemptEmailAddressVerification({ code });
    await Clerk.setActive({ session: su.createdSessionId });
    return { status: su.status, user: Clerk.user.id, meta: Clerk.user.unsafeMetadata };
  }, code);
  assert.equal(done.status, 'complete');
  assert.deepEqual(done.meta, { from: 'clerkjs' });
  assert.equal((await clerk.users.getUser(done.user)).emailAddresses[0].emailAddress, email);
});
