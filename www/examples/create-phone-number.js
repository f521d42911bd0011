// Clerk's createPhoneNumber() example ("Create user metadata", bundler form), run as written:
// the docs print it on one line; here it is laid out over lines, token for token. Two lines
// differ from the docs:
// - the import: `import Clerk from '@clerk/clerk-js'` → this dev server's build of clerk-wasm;
// - the key: `new Clerk('{{pub_key}}')` → the dev server's publishable key, read from
//   `/dev/instance` (a real app writes its own key there).
import Clerk from '/pkg/clerk.js';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk((await (await fetch('/dev/instance')).json()).publishableKey);
await clerk.load();

if (clerk.user) {
  const phoneNumber = "15551234567";

  clerk.user
    .createPhoneNumber({ phoneNumber })
    .then((response) => console.log(response))
    .catch((error) => console.log("An error occurred:", error.errors));
} else {
  document.getElementById("app").innerHTML = `
    <div id="sign-in"></div>
  `;

  const signInDiv = document.getElementById("sign-in");

  clerk.mountSignIn(signInDiv);
}
