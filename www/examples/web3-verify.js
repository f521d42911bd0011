// The Web3 page's own code (not the docs'): the dev wallet's switch, and "Verify a wallet you
// own" — what the docs' example cannot show with an address nobody holds. With the page's
// EIP-1193 wallet (`window.ethereum`: the dev wallet when it is on, or an extension):
// eth_requestAccounts → `user.createWeb3Wallet({web3Wallet})` (or the user's wallet with that
// address, when an earlier attempt added it) → `prepareVerification({strategy:
// 'web3_metamask_signature'})` → `personal_sign` of `verification.message` (its bytes in hex,
// as ClerkJS sends it) → `attemptVerification({signature})`. Each result is logged as the
// example logs its own.
import Clerk from '/pkg/clerk.js';
import { mountDevWalletSwitch } from '/www/examples/dev-wallet.js';

mountDevWalletSwitch(document.getElementById('dev-wallet'));

const button = document.getElementById('verify-wallet');
const STRATEGY = 'web3_metamask_signature';

// This step's own Clerk instance, made on the first click (by then the example's instance has
// loaded, and with it the page's dev browser).
let clerk;
async function loaded() {
  if (!clerk) {
    const { publishableKey } = await (await fetch('/dev/instance')).json();
    clerk = new Clerk(publishableKey);
    await clerk.load();
  }
  return clerk;
}

const hex = (text) => `0x${[...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

async function verifyWallet() {
  const ethereum = window.ethereum;
  if (!ethereum) {
    window.demoLog.note('No wallet in this page: turn on the dev wallet above (or install a wallet extension).');
    return;
  }
  const { user } = await loaded();
  if (!user) {
    window.demoLog.note('Sign in first.');
    return;
  }
  const [address] = await ethereum.request({ method: 'eth_requestAccounts' });
  if (!address) {
    window.demoLog.note('The wallet gave no account.');
    return;
  }
  let wallet = user.web3Wallets.find((w) => w.web3Wallet.toLowerCase() === address.toLowerCase());
  if (wallet?.verification?.status === 'verified') {
    window.demoLog.note(`${wallet.web3Wallet} is already verified.`);
    console.log(wallet);
    return;
  }
  if (!wallet) {
    wallet = await user.createWeb3Wallet({ web3Wallet: address });
    console.log(wallet);
  }
  const prepared = await wallet.prepareVerification({ strategy: STRATEGY });
  window.demoLog.note('The wallet is asked to sign the nonce…');
  const signature = await ethereum.request({ method: 'personal_sign', params: [hex(prepared.verification.message), address] });
  const verified = await wallet.attemptVerification({ signature });
  console.log(verified);
}

button.addEventListener('click', async () => {
  button.disabled = true;
  try {
    await verifyWallet();
  } catch (error) {
    // Clerk's errors as the example logs them; a wallet's refusal ({code: 4001, …}) as it is.
    window.demoLog.failed(error);
  } finally {
    button.disabled = false;
  }
});
