// Clerk's docs, "Create user metadata": the createPhoneNumber() example (bundler form), in
// TypeScript.
import Clerk from 'clerk-wasm';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k');
await clerk.load();

if (clerk.user) {
  const phoneNumber = '15551234567';
  clerk.user
    .createPhoneNumber({ phoneNumber })
    .then((response) => console.log(response))
    .catch((error) => console.log('An error occurred:', error.errors));
} else {
  document.getElementById('app')!.innerHTML = `
    <div id="sign-in"></div>
  `;

  const signInDiv = document.getElementById('sign-in') as HTMLDivElement;

  clerk.mountSignIn(signInDiv);
}
