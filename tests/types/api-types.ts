// The declared API, checked exactly: each assertion fails to compile if a type is `any`, wider
// or narrower than ClerkJS's (Equal<> tells `any` from everything else). Then a headless flow
// (ticket sign-in, the create methods, verification, errors, sign-out) written as an app would.
import Clerk, {
  type Appearance,
  type AuthenticateWithMetamaskParams,
  type AuthenticateWithWeb3Params,
  type ClerkAPIError,
  type ClerkAuthenticateWithWeb3Params,
  type ClerkAPIResponseError,
  type ClerkError,
  type Client,
  type CreateEmailAddressParams,
  type CreateExternalAccountParams,
  type CreatePhoneNumberParams,
  type CreateWeb3WalletParams,
  type EmailAddress,
  type Environment,
  type ExternalAccount,
  type GenerateSignature,
  type GenerateSignatureParams,
  type ImageResource,
  type PhoneNumber,
  type Session,
  type SessionWithActivities,
  type SetProfileImageParams,
  type SignIn,
  type SignInModalProps,
  type SignInProps,
  type SignUp,
  type SignUpAuthenticateWithMetamaskParams,
  type SignUpAuthenticateWithWeb3Params,
  type SignUpModalProps,
  type SignUpProps,
  type User,
  type UserButtonProps,
  type UserProfileModalProps,
  type UserProfileProps,
  type Verification,
  type VerificationStatus,
  type Web3Provider,
  type Web3Wallet,
} from 'clerk-wasm';
import { Clerk as NamedClerk } from 'clerk-wasm';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(): T | undefined => undefined;

// The default and the named export are the same class.
check<Equal<typeof Clerk, typeof NamedClerk>>();
check<Equal<ConstructorParameters<typeof Clerk>, [publishableKey: string, options?: { proxyUrl?: string; requestTimeout?: number }]>>();

// Clerk's getters.
check<Equal<Clerk['user'], User | null | undefined>>();
check<Equal<Clerk['session'], Session | null | undefined>>();
check<Equal<Clerk['client'], Client | null | undefined>>();
check<Equal<Clerk['environment'], Environment | null>>();
check<Equal<Clerk['loaded'], boolean>>();
check<Equal<Clerk['isSignedIn'], boolean>>();
check<Equal<Clerk['status'], 'loading' | 'ready' | 'degraded' | 'error'>>();
check<Equal<Clerk['instanceType'], 'development' | 'production'>>();
check<Equal<Clerk['organization'], null>>();

// The create methods: ClerkJS's parameter and return types.
check<Equal<Parameters<User['createEmailAddress']>, [params: CreateEmailAddressParams]>>();
check<Equal<ReturnType<User['createEmailAddress']>, Promise<EmailAddress>>>();
check<Equal<ReturnType<User['createPhoneNumber']>, Promise<PhoneNumber>>>();
check<Equal<ReturnType<User['createWeb3Wallet']>, Promise<Web3Wallet>>>();
check<Equal<ReturnType<User['createExternalAccount']>, Promise<ExternalAccount>>>();
check<Equal<CreateEmailAddressParams, { email: string }>>();
check<Equal<CreatePhoneNumberParams, { phoneNumber: string }>>();
check<Equal<CreateWeb3WalletParams, { web3Wallet: string }>>();
check<Equal<CreateExternalAccountParams['strategy'], `oauth_${string}`>>();
check<Equal<ReturnType<User['getSessions']>, Promise<SessionWithActivities[]>>>();
check<Equal<ReturnType<User['update']>, Promise<User>>>();
check<Equal<ReturnType<EmailAddress['prepareVerification']>, Promise<EmailAddress>>>();
check<Equal<ReturnType<EmailAddress['destroy']>, Promise<void>>>();
check<Equal<ReturnType<Session['getToken']>, Promise<string | null>>>();
check<Equal<ReturnType<SignIn['create']>, Promise<SignIn>>>();
check<Equal<ReturnType<SignUp['create']>, Promise<SignUp>>>();

// The resources' data.
check<Equal<User['emailAddresses'], EmailAddress[]>>();
check<Equal<User['primaryEmailAddress'], EmailAddress | null>>();
check<Equal<User['externalAccounts'], ExternalAccount[]>>();
check<Equal<User['fullName'], string | null>>();
check<Equal<User['createdAt'], Date>>();
check<Equal<EmailAddress['emailAddress'], string>>();
check<Equal<EmailAddress['verification'], Verification>>();
check<Equal<Verification['status'], VerificationStatus | null>>();
check<Equal<Verification['externalVerificationRedirectURL'], URL | null>>();
check<Equal<Verification['error'], ClerkAPIError | null>>();
check<Equal<PhoneNumber['phoneNumber'], string>>();
check<Equal<Web3Wallet['web3Wallet'], string>>();
check<Equal<Client['signIn'], SignIn>>();
check<Equal<Client['sessions'], Session[]>>();
check<Equal<SignIn['createdSessionId'], string | null>>();
check<Equal<Session['user'], User | null>>();

// The components: ClerkJS's synchronous signatures and props types.
check<Equal<Parameters<Clerk['mountUserButton']>, [node: HTMLElement, props?: UserButtonProps]>>();
check<Equal<Parameters<Clerk['mountUserProfile']>, [node: HTMLElement, props?: UserProfileProps]>>();
check<Equal<Parameters<Clerk['unmountUserButton']>, [node: HTMLElement]>>();
check<Equal<Parameters<Clerk['unmountUserProfile']>, [node: HTMLElement]>>();
check<Equal<Parameters<Clerk['openSignIn']>, [props?: SignInModalProps]>>();
check<Equal<Parameters<Clerk['openSignUp']>, [props?: SignUpModalProps]>>();
check<Equal<Parameters<Clerk['openUserProfile']>, [props?: UserProfileModalProps]>>();
check<Equal<Parameters<Clerk['closeSignIn']>, []>>();
check<Equal<Parameters<Clerk['closeSignUp']>, []>>();
check<Equal<Parameters<Clerk['closeUserProfile']>, []>>();
check<Equal<ReturnType<Clerk['mountUserButton']>, void>>();
check<Equal<ReturnType<Clerk['openUserProfile']>, void>>();
check<Equal<SignInModalProps, SignInProps>>();
check<Equal<SignUpModalProps, SignUpProps>>();
check<Equal<UserButtonProps['userProfileMode'], 'modal' | 'navigation' | undefined>>();
check<Equal<UserProfileProps['routing'], 'hash' | 'path' | undefined>>();
check<Equal<NonNullable<Appearance['elements']>, Record<string, string>>>();
check<Equal<NonNullable<Appearance['variables']>['colorPrimary'], string | undefined>>();
check<Equal<SignInProps['appearance'], Appearance | undefined>>();

// Wallets and the profile image.
check<Equal<Parameters<Clerk['authenticateWithMetamask']>, [params?: AuthenticateWithMetamaskParams]>>();
check<Equal<Parameters<Clerk['authenticateWithWeb3']>, [params: ClerkAuthenticateWithWeb3Params]>>();
check<Equal<ReturnType<Clerk['authenticateWithWeb3']>, Promise<unknown>>>();
check<Equal<Parameters<SignIn['authenticateWithWeb3']>, [params: AuthenticateWithWeb3Params]>>();
check<Equal<ReturnType<SignIn['authenticateWithWeb3']>, Promise<SignIn>>>();
check<Equal<Parameters<SignIn['authenticateWithMetamask']>, []>>();
check<Equal<Parameters<SignUp['authenticateWithWeb3']>, [params: SignUpAuthenticateWithWeb3Params]>>();
check<Equal<ReturnType<SignUp['authenticateWithMetamask']>, Promise<SignUp>>>();
check<Equal<Parameters<SignUp['authenticateWithMetamask']>, [params?: SignUpAuthenticateWithMetamaskParams]>>();
check<Equal<ClerkAuthenticateWithWeb3Params['strategy'], `web3_${string}_signature`>>();
check<Equal<GenerateSignatureParams['nonce'], string>>();
check<Equal<GenerateSignatureParams['provider'], Web3Provider>>();
check<Equal<AuthenticateWithWeb3Params['generateSignature'], GenerateSignature>>();
check<Equal<ReturnType<GenerateSignature>, Promise<string>>>();
check<Equal<Parameters<User['setProfileImage']>, [params: SetProfileImageParams]>>();
check<Equal<ReturnType<User['setProfileImage']>, Promise<ImageResource>>>();
check<Equal<SetProfileImageParams['file'], Blob | File | string | null>>();
check<Equal<ImageResource['publicUrl'], string | null>>();

// The error type.
check<Equal<ClerkAPIResponseError['errors'], ClerkAPIError[]>>();
check<Equal<ClerkAPIResponseError['status'], number>>();
check<Equal<NonNullable<ClerkAPIError['meta']>['paramName'], string | undefined>>();

/** A sign-in by ticket, the create methods, a verification, the errors and a sign-out. */
export async function flow(publishableKey: string, ticket: string): Promise<string[]> {
  const clerk = new Clerk(publishableKey);
  await clerk.load();
  const log: string[] = [];
  const signIn = await clerk.client!.signIn.create({ strategy: 'ticket', ticket });
  if (signIn.status === 'complete') await clerk.setActive({ session: signIn.createdSessionId });
  const user = clerk.user;
  if (!user) throw new Error('not signed in');

  const email = await user.createEmailAddress({ email: 'new@example.com' });
  log.push(email.emailAddress, email.verification.status ?? 'none');
  await email.prepareVerification({ strategy: 'email_code' });
  await email.attemptVerification({ code: '424242' });

  const phone = await user.createPhoneNumber({ phoneNumber: '+15551234567' });
  await phone.prepareVerification();
  await phone.setReservedForSecondFactor({ reserved: true });

  const wallet = await user.createWeb3Wallet({ web3Wallet: '0x0123456789abcdef0123456789abcdef01234567' });
  await wallet.prepareVerification({ strategy: 'web3_metamask_signature' });
  log.push(wallet.verification.message ?? '');

  const account = await user.createExternalAccount({ strategy: 'oauth_google', redirectUrl: '/back', additionalScopes: ['email'] });
  log.push(account.provider, account.verification.externalVerificationRedirectURL?.href ?? '');

  try {
    await user.createEmailAddress({ email: 'not-an-email' });
  } catch (e) {
    const err = e as ClerkError;
    if (err.name === 'ClerkAPIResponseError') {
      const api = err as ClerkAPIResponseError;
      log.push(String(api.status), api.errors[0]?.code ?? '', api.errors[0]?.meta?.paramName ?? '');
    }
  }

  const token = await clerk.session?.getToken({ skipCache: true });
  log.push(token ?? 'no token');
  for (const s of await user.getSessions()) log.push(s.latestActivity?.browserName ?? '');
  await user.update({ firstName: 'Pat', unsafeMetadata: { theme: 'dark' } });
  await clerk.signOut(() => log.push('signed out'));
  return log;
}

/** Sign-in and sign-up written as with ClerkJS's custom flows. */
export async function customFlows(clerk: Clerk, identifier: string, password: string, code: string): Promise<void> {
  const client = clerk.client;
  if (!client) return;
  // identifier, then a factor the sign-in lists
  const signIn = await client.signIn.create({ identifier });
  const factor = signIn.supportedFirstFactors?.find((f) => f.strategy === 'email_code');
  if (factor?.strategy === 'email_code') {
    await signIn.prepareFirstFactor({ strategy: 'email_code', emailAddressId: factor.emailAddressId });
    await signIn.attemptFirstFactor({ strategy: 'email_code', code });
  } else {
    await signIn.attemptFirstFactor({ strategy: 'password', password });
  }
  if (signIn.status === 'needs_second_factor') {
    const phone = signIn.supportedSecondFactors?.find((f) => f.strategy === 'phone_code');
    await signIn.prepareSecondFactor({ strategy: 'phone_code', phoneNumberId: phone?.strategy === 'phone_code' ? phone.phoneNumberId : undefined });
    await signIn.attemptSecondFactor({ strategy: 'phone_code', code });
  }
  if (signIn.status === 'complete') await clerk.setActive({ session: signIn.createdSessionId, redirectUrl: '/' });

  // identifier + password at once; OAuth; the redirect callback
  await client.signIn.create({ identifier, password });
  await client.signIn.create({ strategy: 'password', identifier, password });
  await client.signIn.authenticateWithRedirect({ strategy: 'oauth_google', redirectUrl: '/sso-callback', redirectUrlComplete: '/' });
  await clerk.handleRedirectCallback();
  await clerk.handleRedirectCallback({ signInFallbackRedirectUrl: '/', signUpUrl: '/sign-up' });

  // sign-up with the email code
  const signUp = await client.signUp.create({ emailAddress: identifier, password, unsafeMetadata: { plan: 'free' } });
  await signUp.prepareEmailAddressVerification();
  await signUp.prepareEmailAddressVerification({ strategy: 'email_code' });
  const done = await signUp.attemptEmailAddressVerification({ code });
  if (done.status === 'complete') await clerk.setActive({ session: done.createdSessionId });
  const missing: string[] = signUp.missingFields;
  log(missing, signUp.verifications.emailAddress.status);

  // listeners, tokens, components, sign-out forms
  const off = clerk.addListener(({ user }) => log(user?.id));
  off();
  clerk.addListener(() => undefined, { skipInitialEmit: true });
  log(await clerk.session?.getToken());
  const el = document.createElement('div');
  clerk.mountSignIn(el);
  clerk.unmountSignIn(el);
  clerk.mountSignUp(el, { signInUrl: '/sign-in', unsafeMetadata: { from: 'app' } });
  clerk.unmountSignUp(el);
  await clerk.signOut();
  await clerk.signOut({ redirectUrl: '/' });
  await clerk.signOut({ sessionId: 'sess_1' });
  await clerk.signOut(async () => undefined, { sessionId: 'sess_1' });
  await clerk.load({ afterSignOutUrl: '/bye', appearance: { theme: 'dark' } });
  await clerk.load({
    signInUrl: '/sign-in',
    signUpUrl: '/sign-up',
    signInFallbackRedirectUrl: '/dashboard',
    signUpForceRedirectUrl: null,
    allowedRedirectOrigins: ['https://*.example.com', /^http:\/\/127\.0\.0\.1:\d+$/],
    routerPush: (to: string) => history.pushState(null, '', to),
    routerReplace: async (to: string) => history.replaceState(null, '', to),
  });
  const signInUrl: string = clerk.buildSignInUrl({ redirectUrl: '/after', initialValues: { emailAddress: 'a@b.co' } });
  const urls: string[] = [signInUrl, clerk.buildSignUpUrl(), clerk.buildAfterSignInUrl({ params: new URLSearchParams(location.search) }), clerk.buildAfterSignUpUrl(), clerk.buildAfterSignOutUrl()];
  log(urls);
  await clerk.redirectToSignIn({ signInForceRedirectUrl: '/home' });
  await clerk.redirectToSignUp();
  await clerk.redirectToAfterSignOut();
  await clerk.navigate('/somewhere', { replace: true });
  log(await clerk.session?.getToken({ template: 'supabase' }));
  // the other components, mounted and as modals
  clerk.mountUserButton(el, { afterSignOutUrl: '/bye', userProfileMode: 'navigation', userProfileUrl: '/account', showName: true });
  clerk.mountUserButton(el, { userProfileMode: 'modal', userProfileProps: { additionalOAuthScopes: { google: ['calendar'] } }, appearance: { variables: { colorPrimary: '#6c47ff' }, elements: { userButtonTrigger: 'my-trigger' } } });
  clerk.unmountUserButton(el);
  clerk.mountUserProfile(el, { routing: 'path', path: '/account', appearance: { elements: { card: 'my-card' } } });
  clerk.unmountUserProfile(el);
  clerk.openSignIn({ forceRedirectUrl: '/home', appearance: { variables: { borderRadius: '4px' } } });
  clerk.closeSignIn();
  clerk.openSignUp();
  clerk.closeSignUp();
  clerk.openUserProfile({ additionalOAuthScopes: { github: ['repo'] } });
  clerk.closeUserProfile();

  // wallets: ClerkJS's MetaMask sign-in, a page's own signer, the profile image
  await clerk.authenticateWithMetamask({ redirectUrl: '/home', signUpContinueUrl: '/continue', unsafeMetadata: { from: 'wallet' }, legalAccepted: true });
  await clerk.authenticateWithMetamask();
  await clerk.authenticateWithWeb3({ strategy: 'web3_metamask_signature', secondFactorUrl: '/2fa', customNavigate: async (to: string) => log(to) });
  const sign: GenerateSignature = async ({ identifier, nonce, provider }) => `${provider}:${identifier}:${nonce}`;
  const viaWallet: SignIn = await client.signIn.authenticateWithWeb3({ identifier: '0x0123456789abcdef0123456789abcdef01234567', generateSignature: sign, strategy: 'web3_metamask_signature' });
  const upWallet: SignUp = await client.signUp.authenticateWithWeb3({ generateSignature: sign, unsafeMetadata: { plan: 'free' }, legalAccepted: true });
  log(viaWallet.status, upWallet.status, (await client.signIn.authenticateWithMetamask()).status, (await client.signUp.authenticateWithMetamask({ legalAccepted: true })).status);
  const image: ImageResource = await clerk.user!.setProfileImage({ file: new Blob(['x'], { type: 'image/png' }) });
  log(image.id, image.name, image.publicUrl, await clerk.user!.setProfileImage({ file: 'data:image/png;base64,iVBORw0KGgo=' }), await clerk.user!.setProfileImage({ file: null }));

  const reset: SignIn = await clerk.client!.signIn.resetPassword({ password: 'a-new-password', signOutOfOtherSessions: true });
  log(reset.status);
  log(clerk.environment?.displayConfig?.applicationName, clerk.environment?.userSettings?.attributes?.email_address?.enabled);
}

function log(...values: unknown[]): void {
  console.log(...values);
}
