// Helpers of the OAuth page-level tests: Clerk's Notion connection example (the HTML and the
// JS of the "Create user metadata" page), a page server that serves it as its two files, and
// the mock provider's consent screen driven like a person would.
import http from 'node:http';

/**
 * Clerk's Notion example, main.js. Verbatim from the docs (which print it on one line; here it
 * is laid out over lines, token for token) except three lines:
 * - the import: `import Clerk from '@clerk/clerk-js'` → the dev server's build of our SDK;
 * - the key: `'{{pub_key}}'` → the dev server's publishable key;
 * - the status line: `externalAccount.verification.status` → `externalAccount?.verification.status`,
 *   because as written it throws on a first visit, when the user has no Notion account yet
 *   (the docs' README notes this).
 */
export const notionMainJs = (fapi, key) => `import Clerk from '${fapi}/pkg/clerk.js';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk('${key}');
await clerk.load();

if (clerk.user) {
  // Find the external account for the provider
  const externalAccount = clerk.user.externalAccounts.find(
    (p) => p.provider === "notion"
  );

  // If the external account exists, display its status
  document.getElementById("notion-status").innerHTML =
    externalAccount?.verification.status;

  // When the button is clicked, initiate the connection with the provider
  document.getElementById("add-notion").addEventListener("click", async () => {
    clerk.user
      .createExternalAccount({ strategy: "oauth_notion", redirect_url: "/" })
      .then((externalAccount) => {
        window.location.href =
          externalAccount.verification.externalVerificationRedirectURL;
      })
      .catch((error) => {
        console.log("An error occurred:", error.errors);
      });
  });
} else {
  document.getElementById("app").innerHTML = \`
    <div id="sign-in"></div>
  \`;

  const signInDiv = document.getElementById("sign-in");

  clerk.mountSignIn(signInDiv);
}
`;

/** Clerk's Notion example, index.html, verbatim. */
export const notionIndexHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" type="image/svg+xml" href="/vite.svg" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Clerk + JavaScript App</title>
  </head>
  <body>
    <div id="app"></div>
    <p>
      Notion verification status:
      <span id="notion-status"></span>
    </p>
    <button id="add-notion">Add Notion as a social connection</button>
    <script type="module" src="/main.js"></script>
  </body>
</html>
`;

/**
 * Serves files on a loopback origin of their own: `files` maps a path to `[contentType, body]`.
 * (The shared harness's page server serves HTML only; the example's main.js must be served
 * as JavaScript.)
 */
export async function serveFiles(files) {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = files[path];
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' });
    res.end(file[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Serves the Notion example (`/` and `/main.js`) for this dev server. */
export function serveNotionExample(dev) {
  return serveFiles({
    '/': ['text/html; charset=utf-8', notionIndexHtml],
    '/main.js': ['text/javascript; charset=utf-8', notionMainJs(dev.frontendApiUrl, dev.publishableKey)],
  });
}

/**
 * Signs `userId`'s ticket in through the page's own SDK module (the instance of the module the
 * page imported), then reloads the page.
 */
export async function signInByTicket(page, dev, token) {
  await page.evaluate(
    async ({ fapi, key, token }) => {
      const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
      const c = new Clerk(key);
      await c.load();
      const si = await c.client.signIn.create({ strategy: 'ticket', ticket: token });
      await c.setActive({ session: si.createdSessionId });
    },
    { fapi: dev.frontendApiUrl, key: dev.publishableKey, token },
  );
  await page.reload();
}

/** The signed-in user's external accounts, read by a fresh SDK instance in the page. */
export async function externalAccounts(page, dev) {
  return page.evaluate(
    async ({ fapi, key }) => {
      const { default: Clerk } = await import(`${fapi}/pkg/clerk.js`);
      const c = new Clerk(key);
      await c.load();
      return (c.user?.externalAccounts ?? []).map((a) => ({
        id: a.id,
        provider: a.provider,
        approvedScopes: a.approvedScopes,
        emailAddress: a.emailAddress,
        providerUserId: a.providerUserId,
        status: a.verification?.status ?? null,
        errorCode: a.verification?.error?.code ?? null,
      }));
    },
    { fapi: dev.frontendApiUrl, key: dev.publishableKey },
  );
}

/** Waits for the mock provider's consent screen. */
export async function onConsent(page, dev, provider) {
  await page.waitForURL((u) => u.href.startsWith(`${dev.frontendApiUrl}/dev/oauth/${provider}/authorize?`));
  await page.locator('#approve').waitFor();
}

/** On the consent screen: types `fields` (`{email_address, provider_user_id, …}`) and clicks `button` (`approve` / `deny`). */
export async function decide(page, button, fields = {}) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`#${name}`, value);
  await page.click(`#${button}`);
}
