// Clerk's createEmailAddress() example ("Create user metadata", bundler form), run as written:
// the docs print it on one line; here it is laid out over lines, token for token. Three lines
// differ from the docs:
// - the import: `import Clerk from '@clerk/clerk-js'` → this dev server's build of clerk-wasm;
// - the key: `new Clerk('{{pub_key}}')` → the dev server's publishable key, read from
//   `/dev/instance` (a real app writes its own key there);
// - the email: the docs' text lost its value (`const email = "";`); the other rendering of the
//   same page (../shared/docs/001_…) says the example adds test@test.com.
import Clerk from '/pkg/clerk.js';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk((await (await fetch('/dev/instance')).json()).publishableKey);
await clerk.load();

if (clerk.user) {
  const email = "test@test.com";

  clerk.user
    .createEmailAddress({ email })
    .then((response) => console.log(response))
    .catch((error) => console.log("An error occurred:", error.errors));
} else {
  document.getElementById("app").innerHTML = `
    <div id="sign-in"></div>
  `;

  const signInDiv = document.getElementById("sign-in");

  clerk.mountSignIn(signInDiv);
}
