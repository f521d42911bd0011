// The example app: clerk-wasm from npm (`import Clerk from 'clerk-wasm'`), bundled by Vite.
// Signed out, it mounts the sign-in component; signed in, it greets the user, adds email
// addresses with `user.createEmailAddress()` and signs out. Every result is written on the page.
//
// The publishable key: `?publishableKey=pk_…`, else the dev server's GET /dev/instance on this
// page's origin (the dev server serves dist/ at /www/app/dist/; `vite dev` proxies it).
import Clerk, { type ClerkAPIResponseError, type User } from 'clerk-wasm';

const statusEl = document.getElementById('status') as HTMLSpanElement;
const app = document.getElementById('app') as HTMLDivElement;

/** An element with attributes and children (text goes in as text, never as HTML). */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

async function publishableKey(): Promise<string> {
  const fromQuery = new URLSearchParams(location.search).get('publishableKey');
  if (fromQuery) return fromQuery;
  const res = await fetch('/dev/instance');
  if (!res.ok) throw new Error(`GET /dev/instance: ${res.status}`);
  const { publishableKey } = (await res.json()) as { publishableKey: string };
  return publishableKey;
}

function describeError(e: unknown): string {
  const err = e as ClerkAPIResponseError;
  const first = err.errors?.[0];
  return first ? `error:${first.code}:${first.meta?.paramName ?? ''}` : `error:${err.message}`;
}

function renderSignedOut(clerk: Clerk) {
  statusEl.textContent = 'signed-out';
  const mount = el('div', { id: 'sign-in' });
  app.replaceChildren(mount);
  // Back to this same page (with its query) once signed in.
  clerk.mountSignIn(mount, { fallbackRedirectUrl: location.href });
}

function renderSignedIn(clerk: Clerk, user: User) {
  statusEl.textContent = `signed-in:${user.id}`;
  const emails = el('ul', { id: 'emails' });
  const listEmails = () =>
    emails.replaceChildren(
      ...user.emailAddresses.map((e) =>
        el('li', {}, e.emailAddress, e.id === user.primaryEmailAddressId ? ' (primary)' : ''),
      ),
    );
  listEmails();

  const input = el('input', { name: 'email', placeholder: 'another@example.com', autocomplete: 'off' });
  const result = el('p', { id: 'result' });
  const form = el('form', { id: 'add-email' }, input, el('button', { type: 'submit' }, 'Add email address'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.textContent = 'adding…';
    try {
      const created = await user.createEmailAddress({ email: input.value });
      result.textContent = `created:${created.emailAddress}`;
      input.value = '';
      // The piggybacked client refreshed clerk.user; list its addresses again.
      const fresh = clerk.user;
      if (fresh) user = fresh;
      listEmails();
    } catch (e) {
      result.textContent = describeError(e);
    }
  });

  const signOut = el('button', { id: 'sign-out', type: 'button' }, 'Sign out');
  signOut.addEventListener('click', async () => {
    // The callback form: no navigation, the page draws the signed-out state itself.
    await clerk.signOut(() => renderSignedOut(clerk));
  });

  app.replaceChildren(
    el('p', { id: 'hello' }, `Hello, ${user.fullName ?? user.primaryEmailAddress?.emailAddress ?? user.id}`),
    el('p', {}, 'Primary email: ', el('span', { id: 'user-email' }, user.primaryEmailAddress?.emailAddress ?? '')),
    emails,
    form,
    result,
    signOut,
  );
}

try {
  const clerk = new Clerk(await publishableKey());
  await clerk.load();
  (window as unknown as { clerk: Clerk }).clerk = clerk;
  if (clerk.user) renderSignedIn(clerk, clerk.user);
  else renderSignedOut(clerk);
} catch (e) {
  statusEl.textContent = describeError(e);
}
