// The dev wallet of the demo pages: an opt-in EIP-1193 provider (`window.ethereum`) whose key
// is generated in the browser and kept in localStorage, so that `createWeb3Wallet` and its
// verification (and the profile's "Connect wallet") work without a wallet extension.
//
// It is for these demo pages only: it is never part of the SDK (pkg/) nor of the npm package.
// Its key sits in localStorage in the clear: a throwaway key for a local dev server, nothing
// more. scripts/build-sdk.sh bundles this file with @noble/curves and @noble/hashes into
// www/examples/dev-wallet.js (generated, not committed), which the pages import.
//
// Off by default. `mountDevWalletSwitch(el)` draws the "Use the dev wallet" switch (remembered
// in localStorage), the wallet's address and "Forget key". When on, `window.ethereum` answers:
//   eth_requestAccounts, eth_accounts  → [the address, lower case, as MetaMask gives it]
//   eth_chainId                        → "0x1"
//   personal_sign [data, address]      → 0x r‖s‖v (v = 27/28) over EIP-191's
//                                        "\x19Ethereum Signed Message:\n<length>" + data,
//                                        keccak-256, secp256k1 — only after the user clicks
//                                        "Sign" in the page's confirmation dialog; "Reject" (or
//                                        Escape) rejects with {code: 4001, message: 'User
//                                        rejected the request.'}, as EIP-1193 says.
// Anything else rejects with EIP-1193's 4200 (unsupported method).
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { el } from './dom.js';

const KEY = 'clerk-wasm-demo:dev-wallet:key';
const ON = 'clerk-wasm-demo:dev-wallet:on';

/** An EIP-1193 error: an Error carrying `code`. */
function rpcError(code, message) {
  return Object.assign(new Error(message), { code });
}

/** The stored private key (hex), made once from crypto.getRandomValues when there is none. */
function privateKey() {
  let hex = localStorage.getItem(KEY);
  if (hex && /^[0-9a-f]{64}$/.test(hex) && secp256k1.utils.isValidPrivateKey(hex)) return hex;
  const bytes = new Uint8Array(32);
  do crypto.getRandomValues(bytes);
  while (!secp256k1.utils.isValidPrivateKey(bytes));
  hex = bytesToHex(bytes);
  localStorage.setItem(KEY, hex);
  return hex;
}

/** The lower-case address of the key: the last 20 bytes of keccak-256 of the public point. */
function addressOf(hex) {
  const point = secp256k1.getPublicKey(hexToBytes(hex), false).slice(1);
  return `0x${bytesToHex(keccak_256(point).slice(-20))}`;
}

/** EIP-55: a letter upper case where the keccak of the lower-case address has a nibble ≥ 8. */
export function checksummed(address) {
  const lower = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(hash[i], 16) >= 8 ? lower[i].toUpperCase() : lower[i];
  return out;
}

/** The wallet's address (lower case); makes the key on first use. */
export function address() {
  return addressOf(privateKey());
}

/** EIP-191 `personal_sign` of `bytes` with the stored key: 0x + r‖s‖v, v = 27 or 28. */
function sign(bytes) {
  const prefix = utf8ToBytes(`\x19Ethereum Signed Message:\n${bytes.length}`);
  const all = new Uint8Array(prefix.length + bytes.length);
  all.set(prefix);
  all.set(bytes, prefix.length);
  const sig = secp256k1.sign(keccak_256(all), hexToBytes(privateKey()));
  return `0x${sig.toCompactHex()}${(27 + sig.recovery).toString(16)}`;
}

/** personal_sign's data: 0x-hex is bytes (as ClerkJS and MetaMask send it); other text is UTF-8. */
function dataBytes(data) {
  if (typeof data !== 'string') throw rpcError(-32602, 'personal_sign: the message must be a string.');
  return /^0x([0-9a-fA-F]{2})*$/.test(data) ? hexToBytes(data.slice(2)) : utf8ToBytes(data);
}

/** The message as a person reads it: UTF-8 text, else its hex. */
function readable(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `0x${bytesToHex(bytes)}`;
  }
}

/**
 * Asks the person: a modal <dialog> with the message and "Sign" / "Reject". Resolves to true
 * (Sign) or false (Reject, Escape). One dialog at a time: later requests wait their turn.
 */
let queue = Promise.resolve();
function confirmSignature(text, signer) {
  const turn = queue.then(
    () =>
      new Promise((resolve) => {
        const title = el('h2', { id: 'dev-wallet-dialog-title', text: 'Dev wallet: signature request' });
        const reject = el('button', { type: 'button', className: 'btn secondary', id: 'dev-wallet-reject', text: 'Reject' });
        const approve = el('button', { type: 'button', className: 'btn', id: 'dev-wallet-sign', text: 'Sign' });
        const dialog = el(
          'dialog',
          { className: 'dev-wallet-dialog', id: 'dev-wallet-dialog', 'aria-labelledby': 'dev-wallet-dialog-title' },
          title,
          el('p', { className: 'hint' }, `${location.origin} asks the dev wallet to sign this message with `, el('span', { className: 'address', text: checksummed(signer) }), ':'),
          el('pre', { id: 'dev-wallet-message', text }),
          el('div', { className: 'row' }, reject, approve),
        );
        let answered = false;
        const answer = (yes) => {
          if (answered) return;
          answered = true;
          dialog.close();
          dialog.remove();
          resolve(yes);
        };
        reject.addEventListener('click', () => answer(false));
        approve.addEventListener('click', () => answer(true));
        dialog.addEventListener('cancel', () => answer(false));
        dialog.addEventListener('close', () => answer(false));
        document.body.append(dialog);
        dialog.showModal();
        // Enter on the focused button should never sign by accident: focus starts on Reject.
        reject.focus();
      }),
  );
  queue = turn.catch(() => {});
  return turn;
}

const listeners = new Map();
function emit(event, value) {
  for (const fn of listeners.get(event) ?? []) {
    try {
      fn(value);
    } catch (e) {
      console.error(e);
    }
  }
}

/** The EIP-1193 provider. */
export const provider = {
  isDevWallet: true,
  async request(args) {
    const { method, params = [] } = args ?? {};
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [address()];
      case 'eth_chainId':
        return '0x1';
      case 'net_version':
        return '1';
      case 'personal_sign': {
        const mine = address();
        // [data, address] (EIP-1474's order, ClerkJS's); some callers swap them.
        let [data, signer] = params;
        if (typeof data === 'string' && data.toLowerCase() === mine && typeof signer === 'string' && signer.toLowerCase() !== mine) [data, signer] = [signer, data];
        if (typeof signer !== 'string' || signer.toLowerCase() !== mine) throw rpcError(4100, 'The dev wallet has no such account.');
        const bytes = dataBytes(data);
        if (!(await confirmSignature(readable(bytes), mine))) throw rpcError(4001, 'User rejected the request.');
        return sign(bytes);
      }
      default:
        throw rpcError(4200, `The dev wallet does not support ${method}.`);
    }
  },
  on(event, fn) {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(fn);
    return provider;
  },
  removeListener(event, fn) {
    listeners.get(event)?.delete(fn);
    return provider;
  },
};

// A wallet extension's provider, if the page had one before the dev wallet replaced it.
let theirs;

export function isOn() {
  return localStorage.getItem(ON) === '1';
}

function install() {
  if (window.ethereum === provider) return;
  theirs = window.ethereum;
  Object.defineProperty(window, 'ethereum', { value: provider, configurable: true, writable: true, enumerable: true });
}

function uninstall() {
  if (window.ethereum !== provider) return;
  if (theirs === undefined) delete window.ethereum;
  else Object.defineProperty(window, 'ethereum', { value: theirs, configurable: true, writable: true, enumerable: true });
}

/** Turns the dev wallet on or off (remembered). */
export function setOn(on) {
  if (on) {
    localStorage.setItem(ON, '1');
    install();
  } else {
    localStorage.removeItem(ON);
    uninstall();
  }
}

/** Forgets the key: a new one (a new address) is made the next time the wallet is used. */
export function forgetKey() {
  localStorage.removeItem(KEY);
  if (isOn()) emit('accountsChanged', [address()]);
}

/** Draws the switch, the address and "Forget key" into `container`. */
export function mountDevWalletSwitch(container) {
  const toggle = el('input', { type: 'checkbox', id: 'dev-wallet-switch', role: 'switch', checked: isOn() });
  const shown = el('span', { className: 'address', id: 'dev-wallet-address' });
  const forget = el('button', { type: 'button', className: 'btn secondary', id: 'dev-wallet-forget', text: 'Forget key' });
  const details = el('p', { className: 'row' }, 'Address: ', shown, forget);
  const render = () => {
    toggle.checked = isOn();
    details.hidden = !isOn();
    shown.textContent = isOn() ? checksummed(address()) : '';
  };
  toggle.addEventListener('change', () => {
    setOn(toggle.checked);
    render();
  });
  forget.addEventListener('click', () => {
    if (!window.confirm('Forget the dev wallet\u2019s key? Its address cannot sign anything again; a new key is made.')) return;
    forgetKey();
    render();
  });
  container.replaceChildren(
    el('h2', { text: 'Dev wallet' }),
    el('p', { className: 'hint', text: 'A wallet in this page for trying Web3 without an extension: a throwaway key kept in this browser\u2019s localStorage, which asks you before it signs. Demo pages only.' }),
    el('label', { className: 'switch' }, toggle, 'Use the dev wallet'),
    details,
  );
  render();
}

if (isOn()) install();
