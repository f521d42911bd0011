// Clerk's docs, "Create user metadata": the createExternalAccount() example (the Notion
// connection page's main.js), in TypeScript. Changes strict mode asks for, each marked:
//   - `clerk.user` is kept in a const, since TypeScript does not keep a getter's narrowing
//     inside the click handler;
//   - the docs read `externalAccount.verification.status` unguarded, which throws on a first
//     visit (no Notion account yet): `?.` guards it (see shared/docs/README.md);
//   - `externalVerificationRedirectURL` is a `URL | null` (as in ClerkJS): its `href` is used.
import Clerk from 'clerk-wasm';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k');
await clerk.load();

const user = clerk.user; // strict mode: see above
if (user) {
  // Find the external account for the provider
  const externalAccount = user.externalAccounts.find((p) => p.provider === 'notion');
  // If the external account exists, display its status
  document.getElementById('notion-status')!.innerHTML = externalAccount?.verification.status ?? ''; // guarded: see above

  // When the button is clicked, initiate the connection with the provider
  document.getElementById('add-notion')!.addEventListener('click', async () => {
    user
      .createExternalAccount({ strategy: 'oauth_notion', redirect_url: '/' })
      .then((externalAccount) => {
        const url = externalAccount.verification.externalVerificationRedirectURL; // URL | null
        if (url) window.location.href = url.href;
      })
      .catch((error) => {
        console.log('An error occurred:', error.errors);
      });
  });
} else {
  document.getElementById('app')!.innerHTML = `
    <div id="sign-in"></div>
  `;

  const signInDiv = document.getElementById('sign-in') as HTMLDivElement;

  clerk.mountSignIn(signInDiv);
}
