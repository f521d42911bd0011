// The official @clerk/clerk-js (from npm, with proxyUrl pointing at the dev server) and our
// pkg/clerk.js, each in its own browser context, sign in the same user by ticket and see the
// same user; their session tokens verify with @clerk/backend; a reload stays signed in; and
// private metadata set through the Backend API reaches neither page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyToken } from '@clerk/backend';
import { backend, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';

let dev, pages, browser, clerk, user, email;
before(async () => {
  dev = await startDevServer();
  clerk = backend(dev);
  ({ user, email } = await createUser(clerk, { privateMetadata: { secret: 'never-in-a-browser' } }));
  pages = await servePages({
    '/clerkjs.html': `<!doctype html><html><body><div id="app"></div>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${dev.publishableKey}" data-clerk-proxy-url="${dev.frontendApiUrl}"></script>
</body></html>`,
    '/wasm.html': `<!doctype html><html><body><div id="app"></div><script type="module">
import Clerk from '${dev.frontendApiUrl}/pkg/clerk.js';
window.clerk = new Clerk('${dev.publishableKey}');
window.ready = true;
</script></body></html>`,
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await pages?.close();
  dev?.stop();
});

// The same steps in both pages: load, ticket sign-in, setActive, read the user and a token.
async function signInAndRead(page, getClerk, token) {
  return page.evaluate(
    async ({ token, getClerk }) => {
      const clerk = new Function(`return ${getClerk}`)();
      await clerk.load();
      const before = clerk.user;
      const signIn = await clerk.client.signIn.create({ strategy: 'ticket', ticket: token });
      await clerk.setActive({ session: signIn.createdSessionId });
      return {
        before,
        status: signIn.status,
        id: clerk.user.id,
        email: clerk.user.primaryEmailAddress.emailAddress,
        name: clerk.user.fullName,
        token: await clerk.session.getToken(),
        json: JSON.stringify(clerk.user),
      };
    },
    { token, getClerk },
  );
}

async function reloadAndRead(page, getClerk) {
  await page.reload();
  await page.waitForFunction((g) => !!new Function(`return ${g}`)(), getClerk);
  return page.evaluate(async (getClerk) => {
    const clerk = new Function(`return ${getClerk}`)();
    await clerk.load();
    return clerk.user && clerk.user.id;
  }, getClerk);
}

test('ClerkJS and clerk-wasm see the same user after a ticket sign-in', async () => {
  const official = await newPage(await browser.newContext());
  await official.goto(`${pages.origin}/clerkjs.html`);
  await official.waitForFunction(() => !!window.Clerk);
  const a = await signInAndRead(official, 'window.Clerk', await ticket(clerk, user.id));

  const ours = await newPage(await browser.newContext());
  await ours.goto(`${pages.origin}/wasm.html`);
  await ours.waitForFunction(() => window.ready);
  const b = await signInAndRead(ours, 'window.clerk', await ticket(clerk, user.id));

  for (const r of [a, b]) {
    assert.equal(r.before, null, 'signed out before the ticket');
    assert.equal(r.status, 'complete');
    assert.equal(r.id, user.id);
    assert.equal(r.email, email);
    assert.equal(r.name, 'Pat Example');
    assert.ok(!r.json.includes('never-in-a-browser'), 'private metadata stays on the server');
    const claims = await verifyToken(r.token, { secretKey: dev.secretKey, apiUrl: dev.bapiUrl });
    assert.equal(claims.sub, user.id);
    assert.equal(claims.iss, dev.frontendApiUrl);
    assert.equal(claims.azp, pages.origin, 'the token names the page that asked');
  }
  assert.deepEqual(
    Object.keys(JSON.parse(b.json)).filter((k) => k.startsWith('__')),
    [],
    'our resources serialise without internals',
  );

  assert.equal(await reloadAndRead(official, 'window.Clerk'), user.id);
  assert.equal(await reloadAndRead(ours, 'window.clerk'), user.id);
  assert.deepEqual(official.problems, []);
  assert.deepEqual(ours.problems, []);
});
