// Signing in and up with OAuth through the sign-in component (`mountSignIn`): the "Continue with
// Google" button, the dev server's mock Google consent screen, the return to the component's
// `#/sso-callback`, and the page signed in. An existing user signs in; a new identity becomes a
// new user (the sign-in is transferred to a sign-up); a denial is shown in the component with
// nobody signed in. Also the ExternalAccount methods after a connection: reauthorize for more
// scopes, `user.reload()`, `accountIdentifier()`, `destroy()`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket, uniqueEmail } from './harness.mjs';
import { decide, onConsent, signInByTicket } from './oauth-support.mjs';

let dev, browser, clerk, pages;

// A page that mounts the sign-in when signed out and says who is signed in.
const mountPage = (fapi, key) => `<!doctype html><html><body><p id="who"></p><div id="sign-in"></div><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
await clerk.load();
document.getElementById('who').textContent = clerk.user
  ? 'signed-in:' + clerk.user.primaryEmailAddress?.emailAddress + ':' + clerk.user.externalAccounts.map((a) => a.provider + '=' + a.verification?.status).join(',')
  : 'signed-out';
if (!clerk.user) clerk.mountSignIn(document.getElementById('sign-in'));
window.ready = true;
</script></body></html>`;

before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  pages = await servePages({ '/mount.html': mountPage(dev.frontendApiUrl, dev.publishableKey) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

async function openMount() {
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/mount.html`);
  await page.waitForFunction(() => window.ready);
  return page;
}

/** Clicks "Continue with Google" and waits for the consent screen. */
async function continueWithGoogle(page) {
  const button = page.locator('button.cl-social[data-action="oauth:oauth_google"]');
  assert.equal(await button.textContent(), 'Continue with Google');
  await button.click();
  await onConsent(page, dev, 'google');
}

/**
 * Back on the mount page, signed in. A sign-in the callback completed is the client's session at
 * `load()` (the page then mounts nothing, so `#/sso-callback` stays, as with ClerkJS); a transfer
 * to a sign-up is finished by the component, which then navigates to the page without the hash.
 */
async function backSignedIn(page, { hash = false } = {}) {
  await page.waitForURL((u) => u.href.startsWith(`${pages.origin}/mount.html`) && (hash || !u.hash));
  await page.waitForFunction(() => window.ready && document.getElementById('who').textContent.startsWith('signed-in:'));
  return page.textContent('#who');
}

test('an existing user signs in with Google through the component', async () => {
  const { user, email } = await createUser(clerk, { prefix: 'google-known' });
  const page = await openMount();
  assert.equal(await page.textContent('#who'), 'signed-out');
  await continueWithGoogle(page);
  // The mock identity carries the user's email address: the server matches the verified address.
  await decide(page, 'approve', { email_address: email });
  assert.equal(await backSignedIn(page, { hash: true }), `signed-in:${email}:google=verified`);
  const users = await clerk.users.getUserList({ emailAddress: [email] });
  assert.equal(users.data.length, 1, 'no second user for the same address');
  assert.equal(users.data[0].id, user.id);
  assert.deepEqual(users.data[0].externalAccounts.map((a) => a.provider), ['oauth_google']);
  assert.deepEqual(page.problems, []);
});

test('a new Google identity signs up through the component', async () => {
  const email = uniqueEmail('google-new');
  const before = (await clerk.users.getUserList({ emailAddress: [email] })).data.length;
  assert.equal(before, 0);
  const page = await openMount();
  await continueWithGoogle(page);
  await decide(page, 'approve', { email_address: email, first_name: 'Ada', last_name: 'Lovelace' });
  assert.equal(await backSignedIn(page), `signed-in:${email}:google=verified`);
  const [created] = (await clerk.users.getUserList({ emailAddress: [email] })).data;
  assert.ok(created, 'the sign-up created the user');
  assert.deepEqual({ first: created.firstName, last: created.lastName }, { first: 'Ada', last: 'Lovelace' });
  assert.deepEqual(page.problems, []);
});

test('denying at Google shows the error in the component and signs nobody in', async () => {
  const page = await openMount();
  await continueWithGoogle(page);
  await decide(page, 'deny');
  await page.waitForURL((u) => u.href.startsWith(`${pages.origin}/mount.html`));
  const alert = page.locator('.cl-alert[role=alert]');
  await page.waitForFunction(() => (document.querySelector('.cl-alert[role=alert]')?.textContent ?? '') !== '');
  assert.match(await alert.textContent(), /access|denied|cancel/i);
  const signedIn = await page.evaluate(() => window.clerk.user);
  assert.equal(signedIn, null);
  // The component is usable again: the identifier form and the social buttons are there.
  await page.locator('input[name=identifier]').waitFor();
  await page.locator('button.cl-social').first().waitFor();
});

test('ExternalAccount: reauthorize for more scopes, reload, accountIdentifier, destroy', async () => {
  const { user } = await createUser(clerk, { prefix: 'gh-account' });
  const page = await openMount();
  await signInByTicket(page, dev, await ticket(clerk, user.id));
  await page.waitForFunction(() => window.ready && window.clerk.user);

  // Connect GitHub with the SDK, as the docs' Notion example does.
  const url = await page.evaluate(async () => {
    const ea = await window.clerk.user.createExternalAccount({ strategy: 'oauth_github', redirectUrl: '/mount.html' });
    if (!(ea.verification.externalVerificationRedirectURL instanceof URL)) throw new Error('not a URL');
    return ea.verification.externalVerificationRedirectURL.href;
  });
  await page.goto(url);
  await onConsent(page, dev, 'github');
  await decide(page, 'approve');
  await page.waitForURL(`${pages.origin}/mount.html`);
  await page.waitForFunction(() => window.ready && window.clerk.user);
  const first = await page.evaluate(() => {
    const a = window.clerk.user.externalAccounts.find((x) => x.provider === 'github');
    return {
      status: a.verification.status,
      strategy: a.verification.strategy,
      scopes: a.approvedScopes,
      verified: window.clerk.user.verifiedExternalAccounts.length,
      unverified: window.clerk.user.unverifiedExternalAccounts.length,
      identifier: a.accountIdentifier(),
      email: a.emailAddress,
    };
  });
  assert.equal(first.status, 'verified');
  assert.equal(first.strategy, 'oauth_github');
  assert.equal(first.verified, 1);
  assert.equal(first.unverified, 0);
  // No username at the mock provider: ClerkJS's accountIdentifier() falls back to the email.
  assert.ok(first.email.includes('@'));
  assert.equal(first.identifier, first.email);

  // Reauthorize asks the provider again with one more scope; until then the account is unverified.
  const again = await page.evaluate(async () => {
    const a = window.clerk.user.externalAccounts.find((x) => x.provider === 'github');
    const r = await a.reauthorize({ additionalScopes: ['repo'], redirectUrl: '/mount.html' });
    return { url: r.verification.externalVerificationRedirectURL.href, unverified: window.clerk.user.unverifiedExternalAccounts.length };
  });
  assert.equal(again.unverified, 1);
  assert.ok(new URL(again.url).searchParams.get('scope').split(' ').includes('repo'));
  await page.goto(again.url);
  await onConsent(page, dev, 'github');
  await decide(page, 'approve');
  await page.waitForURL(`${pages.origin}/mount.html`);
  await page.waitForFunction(() => window.ready && window.clerk.user);
  const reloaded = await page.evaluate(async () => {
    await window.clerk.user.reload();
    const a = window.clerk.user.externalAccounts.find((x) => x.provider === 'github');
    return { status: a.verification.status, scopes: a.approvedScopes.split(' ') };
  });
  assert.equal(reloaded.status, 'verified');
  assert.ok(reloaded.scopes.includes('repo'));

  // destroy() disconnects it.
  const left = await page.evaluate(async () => {
    const a = window.clerk.user.externalAccounts.find((x) => x.provider === 'github');
    await a.destroy();
    return window.clerk.user.externalAccounts.length;
  });
  assert.equal(left, 0);
  const fromServer = await clerk.users.getUser(user.id);
  assert.deepEqual(fromServer.externalAccounts, []);
  assert.deepEqual(page.problems, []);
});
