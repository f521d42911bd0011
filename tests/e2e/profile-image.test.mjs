// `user.setProfileImage({file})` (issue 14): a Blob or File goes as `multipart/form-data` (part
// `file`), a string as `application/octet-stream`, `{file: null}` removes the image — as ClerkJS
// 6.40 sends them. The official ClerkJS, making the same calls against a second dev server, is the
// oracle: the requests (method, path, content type, the multipart part's name, file name and
// type) and the outcomes (the image resource, `clerk.user.imageUrl` / `hasImage`, Clerk's errors)
// must agree. The served image's bytes must be the upload's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backend, capturedRequests, clearRequests, createUser, launchBrowser, newPage, servePages, startDevServer, ticket } from './harness.mjs';
import { attemptIn } from './me-support.mjs';

let browser;
const instances = {};

// `C` is the SDK instance in both pages.
const pagesOf = {
  ours: (d) => `<!doctype html><html><body><script type="module">
import Clerk from '${d.frontendApiUrl}/pkg/clerk.js';
window.C = new Clerk('${d.publishableKey}');
await C.load();
window.ready = true;
</script></body></html>`,
  clerkjs: (d) => `<!doctype html><html><body>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${d.publishableKey}" data-clerk-proxy-url="${d.frontendApiUrl}"></script>
<script>window.addEventListener('load', async () => { await Clerk.load(); window.C = Clerk; window.ready = true; });</script>
</body></html>`,
};

before(async () => {
  browser = await launchBrowser();
  for (const which of Object.keys(pagesOf)) {
    const dev = await startDevServer();
    instances[which] = { dev, clerk: backend(dev), pages: await servePages({ '/page.html': pagesOf[which](dev) }) };
  }
});
after(async () => {
  await browser?.close();
  for (const { dev, pages } of Object.values(instances)) {
    await pages?.close();
    dev?.stop();
  }
});

/** A page of `which` SDK with a new user signed in (by ticket). */
async function signedIn(which) {
  const { dev, clerk, pages } = instances[which];
  const { user } = await createUser(clerk, { prefix: `avatar-${which}` });
  const page = await newPage(await browser.newContext());
  await page.goto(`${pages.origin}/page.html`);
  await page.waitForFunction(() => window.ready);
  await page.evaluate(async (token) => {
    const si = await C.client.signIn.create({ strategy: 'ticket', ticket: token });
    await C.setActive({ session: si.createdSessionId });
  }, await ticket(clerk, user.id));
  await clearRequests(dev);
  return page;
}

/**
 * A request as the comparison sees it: method, path, `_method`, the content type's essence and,
 * for a multipart body, each part's headers (the boundary differs from upload to upload).
 */
function shape(r) {
  const contentType = r.contentType?.split(';')[0].trim() ?? null;
  const out = { method: r.method, path: r.path, tunnelled: new URLSearchParams(r.query.map(([k, v]) => [k, v])).get('_method'), contentType };
  if (contentType === 'multipart/form-data') {
    const boundary = /boundary=([^;]+)/.exec(r.contentType)[1];
    out.parts = r.body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => part.split('\r\n\r\n')[0].trim().split('\r\n').sort());
  } else {
    out.body = r.body;
  }
  return out;
}

// A 1×1 PNG.
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Uploads `png` as a Blob: what the page saw before and after. */
const upload = async (png) => {
  const state = () => ({ imageUrl: C.user.imageUrl, hasImage: C.user.hasImage });
  const before = state();
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const image = await C.user.setProfileImage({ file: new Blob([bytes], { type: 'image/png' }) });
  return { before, image: { id: image.id, name: image.name, publicUrl: image.publicUrl }, uploaded: state() };
};

/** Removes the image: the resource's id and what the page saw after. */
const remove = async () => {
  const removed = await C.user.setProfileImage({ file: null });
  return { removedId: removed.id, end: { imageUrl: C.user.imageUrl, hasImage: C.user.hasImage } };
};

test("a Blob: ClerkJS's request, clerk.user follows, the served bytes are the upload; {file: null} removes it", async () => {
  const results = {};
  for (const which of ['clerkjs', 'ours']) {
    const page = await signedIn(which);
    const up = await attemptIn(page, upload, png);
    assert.ok(up.ok, `${which}: ${JSON.stringify(up)}`);
    const { before, image, uploaded } = up.ok;
    assert.equal(before.hasImage, false, which);
    assert.match(image.id, /^img_/, which);
    assert.equal(image.name, 'blob', which);
    assert.equal(uploaded.hasImage, true, `${which}: clerk.user follows the upload`);
    assert.equal(uploaded.imageUrl, image.publicUrl, which);
    assert.notEqual(uploaded.imageUrl, before.imageUrl, which);
    // The image as the dev server serves it: the upload's bytes.
    const served = await fetch(uploaded.imageUrl);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), Buffer.from(png, 'base64'), which);

    const down = await attemptIn(page, remove);
    assert.equal(down.ok?.removedId, image.id, `${which}: ${JSON.stringify(down)}`);
    assert.equal(down.ok.end.hasImage, false, `${which}: clerk.user follows the removal`);
    assert.equal(down.ok.end.imageUrl, before.imageUrl, which);
    assert.equal((await fetch(uploaded.imageUrl)).status, 404, `${which}: the image is gone`);
    results[which] = (await capturedRequests(instances[which].dev, '/v1/me')).map(shape);
    assert.deepEqual(page.problems.filter((p) => !/status of 4\d\d/.test(p)), [], which);
  }
  const theirs = results.clerkjs;
  assert.deepEqual(
    theirs.map((r) => [r.method, r.path, r.tunnelled, r.contentType]),
    [
      ['POST', '/v1/me/profile_image', null, 'multipart/form-data'],
      ['POST', '/v1/me/profile_image', 'DELETE', 'application/x-www-form-urlencoded'],
    ],
  );
  assert.deepEqual(theirs[0].parts, [['Content-Disposition: form-data; name="file"; filename="blob"', 'Content-Type: image/png']]);
  assert.deepEqual(results.ours, theirs);
});

test('a data: URL string goes as application/octet-stream, as with ClerkJS', async () => {
  const results = {};
  for (const which of ['clerkjs', 'ours']) {
    const page = await signedIn(which);
    const r = await attemptIn(page, async (png) => {
      const image = await C.user.setProfileImage({ file: `data:image/png;base64,${png}` });
      return { publicUrl: image.publicUrl, imageUrl: C.user.imageUrl, hasImage: C.user.hasImage };
    }, png);
    assert.equal(r.ok?.hasImage, true, `${which}: ${JSON.stringify(r)}`);
    assert.equal(r.ok.imageUrl, r.ok.publicUrl);
    assert.deepEqual(Buffer.from(await (await fetch(r.ok.imageUrl)).arrayBuffer()), Buffer.from(png, 'base64'), which);
    results[which] = (await capturedRequests(instances[which].dev, '/v1/me')).map(shape);
  }
  // Not a CORS-safelisted content type: the browser asks first (a preflight), for both SDKs.
  assert.deepEqual(results.clerkjs, [
    { method: 'OPTIONS', path: '/v1/me/profile_image', tunnelled: null, contentType: null, body: '' },
    { method: 'POST', path: '/v1/me/profile_image', tunnelled: null, contentType: 'application/octet-stream', body: `data:image/png;base64,${png}` },
  ]);
  assert.deepEqual(results.ours, results.clerkjs);
});

test("a non-image, a too-big file and a missing file get Clerk's errors, the same as ClerkJS's", async () => {
  const calls = [
    // Not an image, whatever its declared type.
    () => C.user.setProfileImage({ file: new Blob(['<svg onload=alert(1)>'], { type: 'image/png' }) }),
    // Over the Frontend API's body limit (2 MB here).
    () => C.user.setProfileImage({ file: new Blob([new Uint8Array(3 * 1024 * 1024).fill(137)], { type: 'image/png' }) }),
    // No file at all: ClerkJS posts an empty form.
    () => C.user.setProfileImage({}),
  ];
  const results = {};
  for (const which of ['clerkjs', 'ours']) {
    const page = await signedIn(which);
    results[which] = [];
    for (const call of calls) {
      const { err } = await attemptIn(page, call);
      // ClerkJS's minified build renames its error classes: `name` is not compared.
      results[which].push(err ? { ...err, name: undefined } : 'accepted');
    }
    assert.deepEqual(await page.evaluate(() => C.user.hasImage), false, which);
  }
  assert.deepEqual(results.clerkjs.map((e) => [e.clerkError, e.status, e.code, e.paramName]), [
    [true, 400, 'request_body_invalid', 'file'],
    [true, 413, 'request_body_too_large', undefined],
    [true, 415, 'unsupported_content_type', undefined],
  ]);
  assert.deepEqual(results.ours, results.clerkjs);
});
