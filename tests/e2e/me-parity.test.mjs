// The official @clerk/clerk-js as the oracle of the wire for the User's create methods: the same
// calls, with the same values, made through ClerkJS and through clerk-wasm, each against its own
// dev server (identifiers are unique per instance), both succeed; the dev server records every
// request as received (`GET /dev/requests`), and the two records must agree in method, path,
// query keys and form body.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, capturedRequests, clearRequests, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';

let browser;
const servers = [];

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const s of servers) {
    await s.pages?.close();
    s.dev?.stop();
  }
});

// The calls, written once, run by both SDKs (`c` is the Clerk instance).
const calls = async (c) => {
  const out = {};
  const email = await c.user.createEmailAddress({ email: 'parity@example.com' });
  out.email = { id: !!email.id, value: email.emailAddress, status: email.verification.status };
  await email.prepareVerification({ strategy: 'email_code' });
  const phone = await c.user.createPhoneNumber({ phoneNumber: '15551234567' });
  out.phone = { id: !!phone.id, value: phone.phoneNumber, status: phone.verification.status };
  await phone.prepareVerification();
  const wallet = await c.user.createWeb3Wallet({ web3Wallet: '0x0123456789ABCDEF0123456789ABCDEF01234567' });
  out.wallet = { id: !!wallet.id, value: wallet.web3Wallet, status: wallet.verification.status };
  await wallet.prepareVerification({ strategy: 'web3_metamask_signature' });
  await c.user.update({ firstName: 'Ada', lastName: 'Lovelace', username: null });
  // unsafeMetadata through update() is replaced as a whole: ClerkJS saves the other fields (or
  // reloads), then sends the difference to the merge endpoint, with null for keys now absent.
  await c.user.update({ unsafeMetadata: { theme: { color: 'blue', size: 2 }, beta: true, tags: ['a', 'b'] } });
  await c.user.update({ lastName: 'Byron', unsafeMetadata: { theme: { size: 3 }, lang: 'en', tags: ['a', 'b'] } });
  await c.user.update({ unsafeMetadata: { theme: { size: 3 }, lang: 'en', tags: ['a', 'b'] } }); // nothing changed: a reload only
  out.meta = c.user.unsafeMetadata;
  await c.user.updateMetadata({ unsafeMetadata: { beta: false } }); // merged
  out.merged = c.user.unsafeMetadata;
  out.user = { first: c.user.firstName, emails: c.user.emailAddresses.length, phones: c.user.phoneNumbers.length, wallets: c.user.web3Wallets.length };
  await phone.destroy();
  return out;
};

/** Signs a new user in on `page` through `c`, runs `calls`, and returns their results. */
async function run(page, setup) {
  return page.evaluate(
    async ({ setup, calls, token }) => {
      const c = await new Function(`return (${setup})`)()();
      const si = await c.client.signIn.create({ strategy: 'ticket', ticket: token });
      await c.setActive({ session: si.createdSessionId });
      window.__marker = Date.now();
      return new Function(`return (${calls})`)()(c);
    },
    { setup: setup.src, calls: calls.toString(), token: setup.token },
  );
}

async function instance(pageHtml) {
  const dev = await startDevServer();
  const clerk = backend(dev);
  const pages = await servePages({ '/page.html': pageHtml(dev) });
  servers.push({ dev, pages });
  const { user } = await createUser(clerk, { prefix: 'parity' });
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/page.html`);
  await page.waitForFunction(() => window.ready);
  return { dev, clerk, page, token: await ticket(clerk, user.id) };
}

test('ClerkJS and clerk-wasm send the same create calls, and both succeed', async () => {
  const cjs = await instance(
    (dev) => `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${dev.publishableKey}" data-clerk-proxy-url="${dev.frontendApiUrl}"></script>
<script>window.addEventListener('load', async () => { await Clerk.load(); window.ready = true; });</script></body></html>`,
  );
  const ours = await instance(
    (dev) => `<!doctype html><html><body><script type="module">
import Clerk from '${dev.frontendApiUrl}/pkg/clerk.js';
window.sdk = new Clerk('${dev.publishableKey}');
await window.sdk.load();
window.ready = true;
</script></body></html>`,
  );
  await clearRequests(cjs.dev);
  await clearRequests(ours.dev);
  const theirs = await run(cjs.page, { src: 'async () => window.Clerk', token: cjs.token });
  const mine = await run(ours.page, { src: 'async () => window.sdk', token: ours.token });

  // Both succeed, with the same results.
  assert.deepEqual(theirs, {
    email: { id: true, value: 'parity@example.com', status: null },
    phone: { id: true, value: '+15551234567', status: null },
    wallet: { id: true, value: '0x0123456789ABCDEF0123456789ABCDEF01234567', status: null },
    meta: { theme: { size: 3 }, lang: 'en', tags: ['a', 'b'] },
    merged: { theme: { size: 3 }, lang: 'en', tags: ['a', 'b'], beta: false },
    user: { first: 'Ada', emails: 2, phones: 1, wallets: 1 },
  });
  assert.deepEqual(mine, theirs);

  // The same requests: method, path, query keys, form body (ids differ between the instances).
  const shape = (list, ids) =>
    list.map((r) => ({
      method: r.method,
      path: ids(r.path),
      queryKeys: r.query.map(([k]) => k).sort(),
      body: ids(r.body),
      contentType: r.body ? r.contentType : null,
    }));
  // Replace each instance's resource ids by their kind, so the shapes compare.
  const masker = (s) => (s ?? '').replace(/\b([a-z0-9]+)_[A-Za-z0-9]{16,}/g, '$1_<id>');
  const a = shape(await capturedRequests(cjs.dev, '/v1/me'), masker);
  const b = shape(await capturedRequests(ours.dev, '/v1/me'), masker);
  assert.ok(a.length >= 8, `ClerkJS made ${a.length} /v1/me requests`);
  assert.deepEqual(b, a);
});
