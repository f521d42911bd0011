// Clerk's docs, "Create user metadata": the createEmailAddress() example (bundler form), in
// TypeScript. Only what strict mode asks for is added: `!` where the page's own element is
// looked up. The address is the one the other rendering of the page keeps (test@test.com).
import Clerk from 'clerk-wasm';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k');
await clerk.load();

if (clerk.user) {
  const email = 'test@test.com';
  clerk.user
    .createEmailAddress({ email })
    .then((response) => console.log(response))
    .catch((error) => console.log('An error occurred:', error.errors));
} else {
  document.getElementById('app')!.innerHTML = `
    <div id="sign-in"></div>
  `;

  const signInDiv = document.getElementById('sign-in') as HTMLDivElement;

  clerk.mountSignIn(signInDiv);
}
