// Clerk's Notion example (createExternalAccount(), "Create user metadata": the docs' main.js),
// run as written: the docs print it on one line; here it is laid out over lines, token for
// token, as tests/e2e/oauth-support.mjs does. Four lines differ from the docs:
// - the import: `import Clerk from '@clerk/clerk-js'` → this dev server's build of clerk-wasm;
// - the key: `new Clerk('{{pub_key}}')` → the dev server's publishable key, read from
//   `/dev/instance` (a real app writes its own key there);
// - the status line: `externalAccount.verification.status` →
//   `externalAccount?.verification.status`: as written it throws on a first visit, when the user
//   has no Notion account yet (the docs' README notes this); guarded, the page shows
//   "undefined" until there is one;
// - `redirect_url: "/"` → `redirect_url: "/www/examples/add-notion.html"`: the docs' app had
//   this example at `/`; on this server `/` is the quickstart, so the provider would send the
//   user back to a page that does not show the status. The value is this page's own path.
import Clerk from '/pkg/clerk.js';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk((await (await fetch('/dev/instance')).json()).publishableKey);
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
      .createExternalAccount({ strategy: "oauth_notion", redirect_url: "/www/examples/add-notion.html" })
      .then((externalAccount) => {
        window.location.href =
          externalAccount.verification.externalVerificationRedirectURL;
      })
      .catch((error) => {
        console.log("An error occurred:", error.errors);
      });
  });
} else {
  document.getElementById("app").innerHTML = `
    <div id="sign-in"></div>
  `;

  const signInDiv = document.getElementById("sign-in");

  clerk.mountSignIn(signInDiv);
}
