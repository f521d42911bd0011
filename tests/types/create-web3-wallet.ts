// Clerk's docs, "Create user metadata": the createWeb3Wallet() example (bundler form), in
// TypeScript.
import Clerk from 'clerk-wasm';

// Initialize Clerk with your Clerk publishable key
const clerk = new Clerk('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k');
await clerk.load();

if (clerk.user) {
  const web3Wallet = '0x0123456789ABCDEF0123456789ABCDEF01234567';
  clerk.user
    .createWeb3Wallet({ web3Wallet })
    .then((response) => console.log(response))
    .catch((error) => console.log('An error occurred:', error.errors));
} else {
  document.getElementById('app')!.innerHTML = `
    <div id="sign-in"></div>
  `;

  const signInDiv = document.getElementById('sign-in') as HTMLDivElement;

  clerk.mountSignIn(signInDiv);
}
