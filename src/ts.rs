//! TypeScript declarations for the parameter and payload types the exported signatures name
//! (wasm-bindgen attaches them with `unchecked_param_type` / `unchecked_return_type`; nothing at
//! run time checks them, so a CI step type-checks usage files against the generated `.d.ts`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `new Clerk(publishableKey, options)`. */
export interface ClerkOptions {
  /** A Frontend API proxy: an absolute http(s) URL, or a path starting with `/`. */
  proxyUrl?: string;
}

/** Options of `clerk.load()`. */
export interface ClerkLoadOptions {
  /** Where `signOut()` navigates when given no callback or `redirectUrl` (default `/`). */
  afterSignOutUrl?: string;
  [option: string]: unknown;
}

/** Organizations are not supported yet; `clerk.organization` is always `null`. */
export type Organization = never;

/** The argument listeners receive. */
export interface ListenerPayload {
  client: Client;
  session: Session | null;
  user: User | null;
  organization: null;
}

/** An entry of a Clerk API error's `errors`. */
export interface ClerkAPIError {
  code: string;
  message: string;
  longMessage?: string;
  meta?: { paramName?: string; sessionId?: string; [key: string]: unknown };
}

/** The error every failed request rejects with (ClerkJS's `ClerkAPIResponseError`). */
export interface ClerkAPIResponseError extends Error {
  clerkError: true;
  code: string;
  status: number;
  clerkTraceId?: string;
  retryAfter?: number;
  errors: ClerkAPIError[];
}

/** Options of `session.getToken()`. */
export interface GetTokenOptions {
  skipCache?: boolean;
  template?: string;
}

/** Parameters of `clerk.setActive()`. */
export interface SetActiveParams {
  session: Session | string | null;
  redirectUrl?: string;
}

/** Options of `clerk.signOut()`. */
export interface SignOutOptions {
  redirectUrl?: string;
  sessionId?: string;
}

/** Parameters of `signIn.create()`. */
export interface SignInCreateParams {
  strategy?: string;
  identifier?: string;
  password?: string;
  ticket?: string;
  redirectUrl?: string;
  actionCompleteRedirectUrl?: string;
  transfer?: boolean;
  [param: string]: unknown;
}

/** Parameters of `signIn.prepareFirstFactor()` / `prepareSecondFactor()`, `signUp.prepareVerification()`. */
export interface PrepareFactorParams {
  strategy: 'email_code' | 'phone_code' | string;
  emailAddressId?: string;
  phoneNumberId?: string;
}

/** Parameters of `signIn.attemptFirstFactor()` / `attemptSecondFactor()`, `signUp.attemptVerification()`. */
export interface AttemptFactorParams {
  strategy: 'password' | 'email_code' | 'phone_code' | string;
  password?: string;
  code?: string;
}

/** Parameters of `signUp.create()` / `update()`. */
export interface SignUpCreateParams {
  emailAddress?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  phoneNumber?: string;
  unsafeMetadata?: Record<string, unknown>;
  [param: string]: unknown;
}

/** Parameters of `user.createEmailAddress()`. */
export interface CreateEmailAddressParams {
  email: string;
}

/** Parameters of `user.createPhoneNumber()`: E.164 (`+15551234567`; `15551234567` is taken as that). */
export interface CreatePhoneNumberParams {
  phoneNumber: string;
}

/** Parameters of `user.createWeb3Wallet()`: `0x` and 40 hex digits. */
export interface CreateWeb3WalletParams {
  web3Wallet: string;
}

/** Parameters of `user.update()`. */
export interface UpdateUserParams {
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  primaryEmailAddressId?: string;
  primaryPhoneNumberId?: string;
  primaryWeb3WalletId?: string;
  unsafeMetadata?: Record<string, unknown>;
}

/** Parameters of `user.updatePassword()`. */
export interface UpdatePasswordParams {
  newPassword: string;
  currentPassword?: string;
  signOutOfOtherSessions?: boolean;
}

/** Parameters of `user.createExternalAccount()`. */
export interface CreateExternalAccountParams {
  strategy: `oauth_${string}`;
  redirectUrl?: string;
  /** As Clerk's own Notion example writes it. */
  redirect_url?: string;
  additionalScopes?: string[];
}

/** Parameters of `externalAccount.reauthorize()`. */
export interface ReauthorizeExternalAccountParams {
  additionalScopes?: string[];
  redirectUrl?: string;
}

/** Parameters of `signIn.authenticateWithRedirect()` / `signUp.authenticateWithRedirect()`. */
export interface AuthenticateWithRedirectParams {
  strategy: `oauth_${string}`;
  redirectUrl: string;
  redirectUrlComplete: string;
}

/** Parameters of `clerk.handleRedirectCallback()`. */
export interface HandleRedirectCallbackParams {
  signInForceRedirectUrl?: string;
  signInFallbackRedirectUrl?: string;
  redirectUrl?: string;
  signUpUrl?: string;
}

/** Values the components pre-fill. */
export interface InitialValues {
  emailAddress?: string;
  phoneNumber?: string;
  username?: string;
  firstName?: string;
  lastName?: string;
}

/** Props of `mountSignIn()`. */
export interface SignInProps {
  forceRedirectUrl?: string;
  fallbackRedirectUrl?: string;
  signUpUrl?: string;
  initialValues?: InitialValues;
}

/** Props of `mountSignUp()`. */
export interface SignUpProps {
  forceRedirectUrl?: string;
  fallbackRedirectUrl?: string;
  signInUrl?: string;
  initialValues?: InitialValues;
  unsafeMetadata?: Record<string, unknown>;
}
"#;
