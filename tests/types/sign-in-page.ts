// A sign-in page as Clerk's JavaScript quickstart writes it: mount the sign-in component when
// signed out; when signed in, greet the user and offer sign-out. Uses the props and listener
// types a page would name.
import Clerk, { type ListenerPayload, type SignInProps } from 'clerk-wasm';

const publishableKey = new URLSearchParams(location.search).get('publishableKey') ?? 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k';
const clerk = new Clerk(publishableKey, { proxyUrl: '/__clerk' });
await clerk.load({ afterSignOutUrl: '/' });

const app = document.getElementById('app') as HTMLDivElement;

if (clerk.isSignedIn && clerk.user) {
  const name = clerk.user.fullName ?? clerk.user.primaryEmailAddress?.emailAddress ?? clerk.user.id;
  app.innerHTML = `<p id="hello"></p><button id="sign-out">Sign out</button>`;
  document.getElementById('hello')!.textContent = `Hello, ${name}`;
  document.getElementById('sign-out')!.addEventListener('click', () => {
    void clerk.signOut({ redirectUrl: '/' });
  });
} else {
  const props: SignInProps = {
    fallbackRedirectUrl: '/',
    signUpUrl: '/sign-up',
    initialValues: { emailAddress: new URLSearchParams(location.search).get('email') ?? undefined },
  };
  clerk.mountSignIn(app, props);
  window.addEventListener('pagehide', () => clerk.unmountSignIn(app));
}

const unsubscribe = clerk.addListener(({ user, session }: ListenerPayload) => {
  document.title = user ? `Signed in (${session?.status})` : 'Sign in';
});
window.addEventListener('pagehide', unsubscribe);
