//! TypeScript declarations of everything the exported signatures name that wasm-bindgen cannot
//! see: the parameter and option types (attached to the methods with `unchecked_param_type` /
//! `unchecked_optional_param_type` / `unchecked_return_type`), and the data properties of the
//! resources. Those are plain own properties set from a `Shape` table at run time
//! (`resources::fill`), not wasm-bindgen getters, so each resource class gets a same-named
//! `interface` here that TypeScript merges into the class (`User` = the class's methods + the
//! interface's properties). Names and types follow ClerkJS's own (`@clerk/types`), narrowed to
//! what clerk-wasm implements. Nothing at run time checks them: `tests/types/` type-checks
//! Clerk's documented examples against the generated `.d.ts` (`tests/e2e/types.test.mjs`).
//!
//! Each interface must list exactly the properties of the resource's `SHAPE` (its fields and its
//! `derived` names) in `src/resources/`: the test at the end of this file fails when one has a
//! property the other lacks.

use wasm_bindgen::prelude::*;

/// The declarations (also read by the tests below). The `dead_code` lint does not see the
/// custom-section macro's use of it on wasm32.
#[allow(dead_code)]
const TS_TYPES: &str = r#"
declare global {
  /** What `[Symbol.dispose]()` of wasm-bindgen's classes names, for `lib`s before ES2026 (as `lib.esnext.disposable.d.ts` declares it). */
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
  /** Your app may narrow these (as with ClerkJS): `declare global { interface UserPublicMetadata { role?: string } }`. */
  interface UserPublicMetadata {
    [k: string]: unknown;
  }
  interface UserUnsafeMetadata {
    [k: string]: unknown;
  }
}

// ---------------------------------------------------------------------------------------------
// Clerk: options, listeners, session switching, sign-out, components
// ---------------------------------------------------------------------------------------------

/** Options of `new Clerk(publishableKey, options)`. */
export interface ClerkOptions {
  /** A Frontend API proxy: an absolute http(s) URL, or a path starting with `/`. */
  proxyUrl?: string;
  /**
   * clerk-wasm's own option: the longest a Frontend API call may take, in milliseconds (default
   * 30000). Past it the fetch is aborted and the call rejects with a `network_error`.
   * `load()`'s client fetch gives up after 7000 ms (as ClerkJS's), or sooner when this is smaller.
   */
  requestTimeout?: number;
}

/** Options of `clerk.load()`. Options of ClerkJS that clerk-wasm does not use are accepted and ignored. */
export interface ClerkLoadOptions {
  /** The app's sign-in page (`buildSignInUrl`, `redirectToSignIn`); default: the instance's. */
  signInUrl?: string;
  /** The app's sign-up page (`buildSignUpUrl`, `redirectToSignUp`); default: the instance's. */
  signUpUrl?: string;
  /** Where `signOut()` navigates when given no callback or `redirectUrl` (default `/`). */
  afterSignOutUrl?: string;
  /** Where a sign-in leads when nothing else (a `redirect_url`) says where. */
  signInFallbackRedirectUrl?: string | null;
  /** Where a sign-up leads when nothing else says where. */
  signUpFallbackRedirectUrl?: string | null;
  /** Where a sign-in always leads, whatever `redirect_url` says. */
  signInForceRedirectUrl?: string | null;
  /** Where a sign-up always leads. */
  signUpForceRedirectUrl?: string | null;
  /** Origins redirect URLs may lead to (strings with `*` globs, or RegExps); default: this page's, and the instance's domain over https. */
  allowedRedirectOrigins?: Array<string | RegExp>;
  /** The app router's push: `navigate()` hands it same-origin paths. */
  routerPush?: (to: string, metadata?: object) => unknown;
  /** The app router's replace (`navigate(to, {replace: true})`). */
  routerReplace?: (to: string, metadata?: object) => unknown;
  [option: string]: unknown;
}

/** Redirect options of `buildSignInUrl()` / `redirectToSignIn()` (and of the sign-up ones). */
export interface RedirectOptions {
  /** Where to come back to after signing in or up (default: the current page). */
  redirectUrl?: string | null;
  signInForceRedirectUrl?: string | null;
  signInFallbackRedirectUrl?: string | null;
  signUpForceRedirectUrl?: string | null;
  signUpFallbackRedirectUrl?: string | null;
  /** Values the sign-in or sign-up form starts with. */
  initialValues?: InitialValues;
}

/** Options of `clerk.buildSignInUrl()` and `clerk.redirectToSignIn()`. */
export type SignInRedirectOptions = RedirectOptions;

/** Options of `clerk.buildSignUpUrl()` and `clerk.redirectToSignUp()`. */
export type SignUpRedirectOptions = RedirectOptions;

/**
 * `clerk.status`: `"loading"` during `load()`; then `"ready"`, or `"degraded"` when the client or
 * the environment could not be fetched (no answer in time, network failure, a 5xx) and `load()`
 * went on without it; `"error"` when `load()` failed (it then rejects).
 */
export type ClerkStatus = 'loading' | 'ready' | 'degraded' | 'error';

/** `"development"` or `"production"` (`clerk.instanceType`). */
export type InstanceType = 'development' | 'production';

/** Organizations are not supported yet; `clerk.organization` is always `null`. */
export type Organization = never;

/** The argument listeners receive. */
export interface ListenerPayload {
  client: Client;
  session: Session | null;
  user: User | null;
  organization: null;
}

/** A listener of `clerk.addListener()`. */
export type ListenerCallback = (resources: ListenerPayload) => void;

/** Options of `clerk.addListener()`. */
export interface ListenerOptions {
  /** Do not call the listener now, only on the next change. */
  skipInitialEmit?: boolean;
}

/** What `clerk.addListener()` returns: removes the listener. */
export type UnsubscribeCallback = () => void;

/** Parameters of `clerk.setActive()`. */
export interface SetActiveParams {
  /** A `Session`, a session id, or `null` (signs out locally). */
  session?: Session | string | null;
  /** Where to navigate afterwards (http(s) only). */
  redirectUrl?: string;
}

/** The callback form of `clerk.signOut(callback)`: called after signing out, instead of navigating (a promise it returns is awaited). */
export type SignOutCallback = () => unknown;

/** Options of `clerk.signOut()`. */
export interface SignOutOptions {
  redirectUrl?: string;
  /** With several signed-in sessions: end only this one. */
  sessionId?: string;
}

/** Parameters of `clerk.handleRedirectCallback()`. */
export interface HandleOAuthCallbackParams {
  signInForceRedirectUrl?: string;
  signInFallbackRedirectUrl?: string;
  redirectUrl?: string;
  /** Where a transfer to a sign-up that still misses fields continues. */
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

/**
 * How the components look (the part of ClerkJS's `appearance` they honour): CSS values for the
 * theme's variables, and class names to add to the components' elements, by ClerkJS's element
 * keys (`card`, `formButtonPrimary`, `userButtonTrigger`, …).
 */
export interface Appearance {
  variables?: {
    colorPrimary?: string;
    colorText?: string;
    colorTextSecondary?: string;
    colorBackground?: string;
    colorDanger?: string;
    fontFamily?: string;
    borderRadius?: string;
  };
  elements?: Record<string, string>;
}

/** Props of `mountSignIn()`. */
export interface SignInProps {
  forceRedirectUrl?: string | null;
  fallbackRedirectUrl?: string | null;
  signUpUrl?: string;
  initialValues?: InitialValues;
  appearance?: Appearance;
}

/** Props of `mountSignUp()`. */
export interface SignUpProps {
  forceRedirectUrl?: string | null;
  fallbackRedirectUrl?: string | null;
  signInUrl?: string;
  initialValues?: InitialValues;
  /** Copied onto the new user. */
  unsafeMetadata?: UserUnsafeMetadata;
  appearance?: Appearance;
}

/** Props of `openSignIn()`. */
export type SignInModalProps = SignInProps;

/** Props of `openSignUp()`. */
export type SignUpModalProps = SignUpProps;

/** Props of `mountUserProfile()`. */
export interface UserProfileProps {
  /** How the page's sections are addressed: in the URL's hash (the default) or its path under `path`. */
  routing?: 'hash' | 'path';
  /** The component's base path, with `routing: 'path'`. */
  path?: string;
  /** Extra OAuth scopes asked for when the user connects an account, by provider (`{google: ['…']}`). */
  additionalOAuthScopes?: Partial<Record<OAuthProvider, OAuthScope[]>>;
  appearance?: Appearance;
}

/** Props of `openUserProfile()`. */
export type UserProfileModalProps = Omit<UserProfileProps, 'routing' | 'path'>;

/** Props of `mountUserButton()`. */
export interface UserButtonProps {
  /** Where "Sign out" leads (default: `afterSignOutUrl` of `load()`, else `/`). */
  afterSignOutUrl?: string;
  /** "Manage account" opens the account in a modal (the default), or goes to `userProfileUrl`. */
  userProfileMode?: 'modal' | 'navigation';
  /** The account page, with `userProfileMode: 'navigation'`. */
  userProfileUrl?: string;
  /** Props of the account modal. */
  userProfileProps?: Pick<UserProfileProps, 'additionalOAuthScopes' | 'appearance'>;
  /** Shows the user's name next to the avatar. */
  showName?: boolean;
  appearance?: Appearance;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** An entry of a Clerk API error's `errors`. */
export interface ClerkAPIError {
  code: string;
  message: string;
  longMessage?: string;
  meta?: {
    /** The parameter the error is about, camelCased (`emailAddress`, `phoneNumber`, …). */
    paramName?: string;
    sessionId?: string;
    [key: string]: unknown;
  };
}

/**
 * What a request the Frontend API refused rejects with (ClerkJS's `ClerkAPIResponseError`): an
 * `Error` named `ClerkAPIResponseError`, with the HTTP `status` and the API's `errors`. Checks made
 * before any request (a malformed email address, phone number or wallet) reject with the same
 * shape, as the server would answer.
 */
export interface ClerkAPIResponseError extends Error {
  name: 'ClerkAPIResponseError';
  clerkError: true;
  code: 'api_response_error';
  status: number;
  clerkTraceId?: string;
  retryAfter?: number;
  errors: ClerkAPIError[];
}

/** What a usage error or a failure without an API answer (network, bad response) throws or rejects with. */
export interface ClerkRuntimeError extends Error {
  clerkError: true;
  code: 'network_error' | 'invalid_response' | 'runtime_error';
  /** Always empty: there is no API answer. */
  errors: ClerkAPIError[];
}

/** Any error the SDK throws or rejects with. */
export type ClerkError = ClerkAPIResponseError | ClerkRuntimeError;

// ---------------------------------------------------------------------------------------------
// Strategies and statuses
// ---------------------------------------------------------------------------------------------

/** An OAuth provider as `ExternalAccount.provider` names it (`google`, `notion`, …). */
export type OAuthProvider =
  | 'google' | 'github' | 'gitlab' | 'microsoft' | 'facebook' | 'apple' | 'discord' | 'twitter'
  | 'x' | 'linkedin' | 'linkedin_oidc' | 'notion' | 'slack' | 'spotify' | 'twitch' | 'dropbox'
  | 'bitbucket' | 'atlassian' | 'box' | 'coinbase' | 'hubspot' | 'instagram' | 'line' | 'linear'
  | 'tiktok' | 'xero' | 'huggingface' | 'vercel' | `custom_${string}`
  | (string & {});

/** `oauth_<provider>`: `oauth_google`, `oauth_notion`, … */
export type OAuthStrategy = `oauth_${string}`;
/** An additional OAuth scope. */
export type OAuthScope = string;
/** A web3 signature strategy, e.g. `web3_metamask_signature`. */
export type Web3Strategy = `web3_${string}_signature`;
export type PasswordStrategy = 'password';
export type EmailCodeStrategy = 'email_code';
export type EmailLinkStrategy = 'email_link';
export type PhoneCodeStrategy = 'phone_code';
export type TicketStrategy = 'ticket';
export type ResetPasswordEmailCodeStrategy = 'reset_password_email_code';
export type ResetPasswordPhoneCodeStrategy = 'reset_password_phone_code';
export type TOTPStrategy = 'totp';
export type BackupCodeStrategy = 'backup_code';

/** Any sign-in strategy. */
export type SignInStrategy =
  | PasswordStrategy | EmailCodeStrategy | EmailLinkStrategy | PhoneCodeStrategy | TicketStrategy
  | ResetPasswordEmailCodeStrategy | ResetPasswordPhoneCodeStrategy | TOTPStrategy | BackupCodeStrategy
  | Web3Strategy | OAuthStrategy | 'passkey' | 'enterprise_sso';

export type SignInStatus =
  | 'needs_identifier' | 'needs_first_factor' | 'needs_second_factor' | 'needs_new_password'
  | 'needs_client_trust' | 'complete';
export type SignUpStatus = 'missing_requirements' | 'complete' | 'abandoned';
export type SessionStatus = 'abandoned' | 'active' | 'ended' | 'expired' | 'removed' | 'replaced' | 'revoked' | 'pending';
export type VerificationStatus = 'unverified' | 'verified' | 'transferable' | 'failed' | 'expired';
/** An identifier a sign-in accepts. */
export type SignInIdentifier = 'email_address' | 'phone_number' | 'username' | 'web3_wallet' | (string & {});

// ---------------------------------------------------------------------------------------------
// Resource data (merged into the classes of the same name)
// ---------------------------------------------------------------------------------------------

/** The state of proving an identification: a code, a link, an OAuth round trip, a signature. */
export interface Verification {
  status: VerificationStatus | null;
  strategy: string | null;
  /** The message a web3 wallet signs. */
  message: string | null;
  nonce: string | null;
  attempts: number | null;
  expireAt: Date | null;
  /** For OAuth: where to send the browser (`window.location.href = url.href`). */
  externalVerificationRedirectURL: URL | null;
  error: ClerkAPIError | null;
  verifiedAtClient: string | null;
  channel: string | null;
}
/** ClerkJS's name of `Verification`. */
export type VerificationResource = Verification;

/** A sign-up verification: a verification plus what to do next. */
export interface SignUpVerification {
  status: VerificationStatus | null;
  strategy: string | null;
  nonce: string | null;
  /** For a wallet: the text its `personal_sign` signs. */
  message: string | null;
  attempts: number | null;
  expireAt: Date | null;
  error: ClerkAPIError | null;
  externalVerificationRedirectURL: URL | null;
  nextAction: '' | 'needs_prepare' | 'needs_attempt' | (string & {});
  supportedStrategies: string[];
}

/** `signUp.verifications`. */
export interface SignUpVerifications {
  emailAddress: SignUpVerification;
  phoneNumber: SignUpVerification;
  web3Wallet: SignUpVerification;
  externalAccount: Verification;
}

/** An identification another one is linked to (`linkedTo`). */
export interface IdentificationLink {
  id: string;
  type: string;
}

export interface EmailAddress {
  id: string;
  emailAddress: string;
  verification: Verification;
  linkedTo: IdentificationLink[];
  matchesSsoConnection: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface PhoneNumber {
  id: string;
  /** E.164, as the Frontend API stores it. */
  phoneNumber: string;
  reservedForSecondFactor: boolean;
  defaultSecondFactor: boolean;
  verification: Verification;
  linkedTo: IdentificationLink[];
  backupCodes: string[] | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface Web3Wallet {
  id: string;
  web3Wallet: string;
  verification: Verification;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ExternalAccount {
  id: string;
  identificationId: string;
  /** The provider without `oauth_`: `notion` for `oauth_notion`. */
  provider: OAuthProvider;
  providerUserId: string;
  /** Space-separated. */
  approvedScopes: string;
  emailAddress: string;
  firstName: string;
  lastName: string;
  imageUrl: string;
  username: string | null;
  phoneNumber: string | null;
  publicMetadata: Record<string, unknown>;
  label: string | null;
  verification: Verification;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface User {
  id: string;
  externalId: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  /** `firstName lastName`, or `null` when both are empty. */
  fullName: string | null;
  imageUrl: string;
  hasImage: boolean;
  primaryEmailAddressId: string | null;
  /** The same object as in `emailAddresses`. */
  primaryEmailAddress: EmailAddress | null;
  primaryPhoneNumberId: string | null;
  primaryPhoneNumber: PhoneNumber | null;
  primaryWeb3WalletId: string | null;
  primaryWeb3Wallet: Web3Wallet | null;
  emailAddresses: EmailAddress[];
  phoneNumbers: PhoneNumber[];
  web3Wallets: Web3Wallet[];
  externalAccounts: ExternalAccount[];
  /** The accounts whose verification is `verified`. */
  verifiedExternalAccounts: ExternalAccount[];
  unverifiedExternalAccounts: ExternalAccount[];
  hasVerifiedEmailAddress: boolean;
  hasVerifiedPhoneNumber: boolean;
  /** Organizations are not supported yet: the Frontend API's raw entries. */
  organizationMemberships: unknown[];
  passwordEnabled: boolean;
  twoFactorEnabled: boolean;
  totpEnabled: boolean;
  backupCodeEnabled: boolean;
  publicMetadata: UserPublicMetadata;
  unsafeMetadata: UserUnsafeMetadata;
  createOrganizationEnabled: boolean;
  createOrganizationsLimit: number | null;
  deleteSelfEnabled: boolean;
  lastSignInAt: Date | null;
  legalAcceptedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** `session.publicUserData`. */
export interface PublicUserData {
  firstName: string | null;
  lastName: string | null;
  imageUrl: string;
  hasImage: boolean;
  identifier: string;
  userId?: string;
  [key: string]: unknown;
}

/** `sessionWithActivities.latestActivity`. */
export interface SessionActivity {
  id: string;
  browserName?: string;
  browserVersion?: string;
  deviceType?: string;
  ipAddress?: string;
  city?: string;
  country?: string;
  isMobile?: boolean;
  [key: string]: unknown;
}

/** An impersonation claim (`session.actor`). */
export interface ActClaim {
  sub: string;
  [key: string]: unknown;
}

/** The data of a `Session` and a `SessionWithActivities`. */
export interface SessionData {
  id: string;
  status: SessionStatus;
  expireAt: Date;
  abandonAt: Date;
  lastActiveAt: Date;
  lastActiveOrganizationId: string | null;
  actor: ActClaim | null;
  user: User | null;
  publicUserData: PublicUserData | null;
  /** Minutes since the first and the second factor were verified. */
  factorVerificationAge: [firstFactorAge: number, secondFactorAge: number] | null;
  latestActivity: SessionActivity | null;
  createdAt: Date;
  updatedAt: Date;
}
export interface Session extends SessionData {}
export interface SessionWithActivities extends SessionData {}

export interface Client {
  /** `""` until the browser has talked to the Frontend API. */
  id: string;
  sessions: Session[];
  /** The `active` and `pending` sessions. */
  signedInSessions: Session[];
  /** The client's current sign-in attempt (a fresh one to `create` when there is none). */
  signIn: SignIn;
  signUp: SignUp;
  lastActiveSessionId: string | null;
  cookieExpiresAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** A factor of `signIn.supportedFirstFactors` / `supportedSecondFactors`: the strategy tells which (as in ClerkJS). */
export interface EmailCodeFactor {
  strategy: EmailCodeStrategy | EmailLinkStrategy | ResetPasswordEmailCodeStrategy;
  /** The masked address. */
  safeIdentifier: string;
  emailAddressId: string;
  primary?: boolean;
}
export interface PhoneCodeFactor {
  strategy: PhoneCodeStrategy | ResetPasswordPhoneCodeStrategy;
  /** The masked number. */
  safeIdentifier: string;
  phoneNumberId: string;
  primary?: boolean;
  default?: boolean;
}
export interface Web3SignatureFactor {
  strategy: Web3Strategy;
  safeIdentifier: string;
  web3WalletId: string;
  primary?: boolean;
}
export interface PasswordFactor {
  strategy: PasswordStrategy;
}
export interface OauthFactor {
  strategy: OAuthStrategy;
}
export interface TOTPFactor {
  strategy: TOTPStrategy;
}
export interface BackupCodeFactor {
  strategy: BackupCodeStrategy;
}
export type SignInFirstFactor = EmailCodeFactor | PhoneCodeFactor | Web3SignatureFactor | PasswordFactor | OauthFactor;
export type SignInSecondFactor = PhoneCodeFactor | TOTPFactor | BackupCodeFactor | EmailCodeFactor;
/** Any factor a sign-in lists. */
export type SignInFactor = SignInFirstFactor | SignInSecondFactor;

/** `signIn.userData`. */
export interface UserData {
  firstName?: string;
  lastName?: string;
  imageUrl?: string;
  hasImage?: boolean;
  [key: string]: unknown;
}

export interface SignIn {
  id: string | null;
  status: SignInStatus | null;
  supportedIdentifiers: SignInIdentifier[];
  identifier: string | null;
  supportedFirstFactors: SignInFirstFactor[] | null;
  supportedSecondFactors: SignInSecondFactor[] | null;
  firstFactorVerification: Verification;
  secondFactorVerification: Verification;
  userData: UserData | null;
  /** Set when `status` is `complete`: pass it to `clerk.setActive({session})`. */
  createdSessionId: string | null;
  abandonAt: Date | null;
}

/** A field of a sign-up (`requiredFields`, `missingFields`, …). */
export type SignUpField =
  | 'email_address' | 'phone_number' | 'username' | 'first_name' | 'last_name' | 'password'
  | 'web3_wallet' | 'legal_accepted' | (string & {});

export interface SignUp {
  id: string | null;
  status: SignUpStatus | null;
  requiredFields: SignUpField[];
  optionalFields: SignUpField[];
  missingFields: SignUpField[];
  unverifiedFields: SignUpField[];
  verifications: SignUpVerifications;
  username: string | null;
  emailAddress: string | null;
  phoneNumber: string | null;
  web3wallet: string | null;
  hasPassword: boolean;
  firstName: string | null;
  lastName: string | null;
  unsafeMetadata: UserUnsafeMetadata;
  createdSessionId: string | null;
  createdUserId: string | null;
  abandonAt: Date | null;
}

/** `environment.authConfig` (top-level keys camelCased, nested ones as the Frontend API sends them). */
export interface AuthConfig {
  singleSessionMode?: boolean;
  [key: string]: unknown;
}

/** `environment.displayConfig` (top-level keys camelCased). */
export interface DisplayConfig {
  applicationName?: string;
  instanceEnvironmentType?: InstanceType;
  homeUrl?: string;
  signInUrl?: string;
  signUpUrl?: string;
  afterSignInUrl?: string;
  afterSignUpUrl?: string;
  preferredSignInStrategy?: string;
  [key: string]: unknown;
}

/** An attribute of `environment.userSettings.attributes` (as the Frontend API sends it). */
export interface UserSettingsAttribute {
  enabled: boolean;
  required: boolean;
  used_for_first_factor: boolean;
  first_factors: string[];
  used_for_second_factor: boolean;
  second_factors: string[];
  verifications: string[];
  verify_at_sign_up: boolean;
  [key: string]: unknown;
}

/** A provider of `environment.userSettings.social` (as the Frontend API sends it). */
export interface UserSettingsSocial {
  enabled: boolean;
  required: boolean;
  authenticatable: boolean;
  strategy: OAuthStrategy;
  name: string;
  logo_url?: string;
  [key: string]: unknown;
}

/** `environment.userSettings` (top-level keys camelCased), with ClerkJS's computed lists. */
export interface UserSettings {
  attributes?: Record<string, UserSettingsAttribute>;
  social?: Record<string, UserSettingsSocial>;
  /** The enabled identifiers users sign in with (`email_address`, `username`, `phone_number`, `web3_wallet`). */
  enabledFirstFactorIdentifiers: SignInIdentifier[];
  /** The strategies of the enabled social providers (`oauth_google`, …), sorted. */
  socialProviderStrategies: OAuthStrategy[];
  /** Those of them users may sign in with. */
  authenticatableSocialStrategies: OAuthStrategy[];
  [key: string]: unknown;
}

export interface Environment {
  authConfig: AuthConfig | null;
  displayConfig: DisplayConfig | null;
  userSettings: UserSettings | null;
  organizationSettings: Record<string, unknown> | null;
  maintenanceMode: boolean;
}

// ---------------------------------------------------------------------------------------------
// Parameters of the resources' methods (ClerkJS's names)
// ---------------------------------------------------------------------------------------------

/** Options of `session.getToken()`. */
export interface GetTokenOptions {
  /** Fetch a new token even if the cached one is still fresh. */
  skipCache?: boolean;
  /** A JWT template's name: a token of that template (defined on the instance) instead of the session token. */
  template?: string;
}

/** Parameters of `signIn.resetPassword()`. */
export interface ResetPasswordParams {
  password: string;
  /** Revoke the user's other sessions too. */
  signOutOfOtherSessions?: boolean;
}

/** A wallet provider, as ClerkJS names it from the strategy (`web3_<provider>_signature`). */
export type Web3Provider = 'metamask' | 'coinbase_wallet' | 'okx_wallet' | 'base' | (string & {});

/** What `generateSignature` is given: the wallet's address and the nonce to sign. */
export interface GenerateSignatureParams {
  identifier: string;
  nonce: string;
  provider: Web3Provider;
}

/** Signs a nonce (EIP-191 `personal_sign`): resolves to the signature. */
export type GenerateSignature = (params: GenerateSignatureParams) => Promise<string>;

/** Parameters of `signIn.authenticateWithWeb3()`. */
export interface AuthenticateWithWeb3Params {
  /** The wallet's address. */
  identifier: string;
  generateSignature: GenerateSignature;
  /** Default `web3_metamask_signature`. */
  strategy?: Web3Strategy;
}

/** Parameters of `signUp.authenticateWithWeb3()`. */
export interface SignUpAuthenticateWithWeb3Params {
  /** The wallet's address (default: the sign-up's `web3wallet`). */
  identifier?: string;
  generateSignature: GenerateSignature;
  /** Default `web3_metamask_signature`. */
  strategy?: Web3Strategy;
  /** Copied onto the new user. */
  unsafeMetadata?: UserUnsafeMetadata;
  legalAccepted?: boolean;
}

/** Parameters of `signUp.authenticateWithMetamask()`. */
export interface SignUpAuthenticateWithMetamaskParams {
  unsafeMetadata?: UserUnsafeMetadata;
  legalAccepted?: boolean;
}

/** Parameters of `clerk.authenticateWithMetamask()`. */
export interface AuthenticateWithMetamaskParams {
  /** Navigates instead of `clerk.navigate` (to `signUpContinueUrl`, `secondFactorUrl`). */
  customNavigate?: (to: string) => Promise<unknown>;
  /** Where to go once signed in (default: `buildAfterSignInUrl()`). */
  redirectUrl?: string;
  /** Where a wallet sign-up that still misses fields goes. */
  signUpContinueUrl?: string;
  /** Copied onto a new user. */
  unsafeMetadata?: UserUnsafeMetadata;
  legalAccepted?: boolean;
}

/** Parameters of `clerk.authenticateWithWeb3()`. */
export interface ClerkAuthenticateWithWeb3Params extends AuthenticateWithMetamaskParams {
  strategy: Web3Strategy;
  /** Where a sign-in that needs a second factor goes (default: the sign-in page's `#/factor-two`). */
  secondFactorUrl?: string;
}

/** Parameters of `user.setProfileImage()`: the image, or `null` to remove it. */
export interface SetProfileImageParams {
  /** A `Blob` or `File` (sent as `multipart/form-data`), or a base64 image or `data:` URL. */
  file: Blob | File | string | null;
}

/** What `user.setProfileImage()` resolves to. */
export interface ImageResource {
  id: string;
  name: string | null;
  publicUrl: string | null;
}

/** Parameters of `signIn.create()`. */
export type SignInCreateParams = (
  | { strategy: OAuthStrategy; redirectUrl: string; actionCompleteRedirectUrl?: string; identifier?: string }
  | { strategy: TicketStrategy; ticket: string }
  | { strategy: PasswordStrategy; password: string; identifier: string }
  | { strategy: EmailCodeStrategy | PhoneCodeStrategy | ResetPasswordEmailCodeStrategy | ResetPasswordPhoneCodeStrategy | Web3Strategy; identifier: string }
  | { strategy: EmailLinkStrategy; identifier: string; redirectUrl?: string }
  | { identifier: string; password?: string }
  | { transfer?: boolean }
) & {
  /** Turns a transferable OAuth sign-up into a sign-in. */
  transfer?: boolean;
};

/** Parameters of `signIn.prepareFirstFactor()`. */
export type PrepareFirstFactorParams =
  | { strategy: EmailCodeStrategy | ResetPasswordEmailCodeStrategy; emailAddressId: string }
  | { strategy: EmailLinkStrategy; emailAddressId: string; redirectUrl: string }
  | { strategy: PhoneCodeStrategy | ResetPasswordPhoneCodeStrategy; phoneNumberId: string; channel?: 'sms' | 'whatsapp' }
  | { strategy: Web3Strategy; web3WalletId: string }
  | { strategy: OAuthStrategy; redirectUrl: string; actionCompleteRedirectUrl?: string };

/** Parameters of `signIn.attemptFirstFactor()`. */
export type AttemptFirstFactorParams =
  | { strategy: PasswordStrategy; password: string }
  | { strategy: EmailCodeStrategy | PhoneCodeStrategy | ResetPasswordEmailCodeStrategy | ResetPasswordPhoneCodeStrategy; code: string }
  | { strategy: Web3Strategy; signature: string };

/** Parameters of `signIn.prepareSecondFactor()`. */
export type PrepareSecondFactorParams =
  | { strategy: PhoneCodeStrategy; phoneNumberId?: string }
  | { strategy: EmailCodeStrategy; emailAddressId?: string };

/** Parameters of `signIn.attemptSecondFactor()`. */
export interface AttemptSecondFactorParams {
  strategy: PhoneCodeStrategy | EmailCodeStrategy | TOTPStrategy | BackupCodeStrategy;
  code: string;
}

/** Parameters of `signUp.create()`. */
export interface SignUpCreateParams {
  emailAddress?: string;
  phoneNumber?: string;
  username?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
  web3Wallet?: string;
  unsafeMetadata?: UserUnsafeMetadata;
  legalAccepted?: boolean;
  strategy?: OAuthStrategy | TicketStrategy;
  ticket?: string;
  redirectUrl?: string;
  actionCompleteRedirectUrl?: string;
  /** Turns a transferable OAuth sign-in into a sign-up. */
  transfer?: boolean;
}

/** Parameters of `signUp.update()`. */
export type SignUpUpdateParams = SignUpCreateParams;

/** Parameters of `signUp.prepareVerification()`. */
export type PrepareVerificationParams =
  | { strategy: EmailCodeStrategy }
  | { strategy: PhoneCodeStrategy; channel?: 'sms' | 'whatsapp' };

/** Parameters of `signUp.attemptVerification()`. */
export interface AttemptVerificationParams {
  strategy: EmailCodeStrategy | PhoneCodeStrategy;
  code: string;
}

/** Parameters of `signUp.prepareEmailAddressVerification()`. */
export interface PrepareEmailAddressVerificationOptions {
  strategy?: EmailCodeStrategy;
}

/** Parameters of `signIn.authenticateWithRedirect()` / `signUp.authenticateWithRedirect()`. */
export interface AuthenticateWithRedirectParams {
  strategy: OAuthStrategy;
  /** The page that calls `clerk.handleRedirectCallback()`. */
  redirectUrl: string;
  /** Where to go once signed in. */
  redirectUrlComplete: string;
}

/** Parameters of `emailAddress.prepareVerification()`. */
export type PrepareEmailAddressVerificationParams =
  | { strategy: EmailCodeStrategy }
  | { strategy: EmailLinkStrategy; redirectUrl: string };

/** Parameters of `emailAddress.attemptVerification()`. */
export interface AttemptEmailAddressVerificationParams {
  code: string;
}

/** Parameters of `phoneNumber.attemptVerification()`. */
export interface AttemptPhoneNumberVerificationParams {
  code: string;
}

/** Parameters of `phoneNumber.setReservedForSecondFactor()`. */
export interface SetReservedForSecondFactorParams {
  reserved: boolean;
}

/** Parameters of `web3Wallet.prepareVerification()`. */
export interface PrepareWeb3WalletVerificationParams {
  strategy: Web3Strategy;
}

/** Parameters of `web3Wallet.attemptVerification()`: the `personal_sign` signature of `verification.message`. */
export interface AttemptWeb3WalletVerificationParams {
  signature: string;
  strategy?: Web3Strategy;
}

/** Parameters of `user.createEmailAddress()`. */
export interface CreateEmailAddressParams {
  /** The email address to add. */
  email: string;
}

/** Parameters of `user.createPhoneNumber()`. */
export interface CreatePhoneNumberParams {
  /** E.164 (`+15551234567`; `15551234567` is taken as that). */
  phoneNumber: string;
}

/** Parameters of `user.createWeb3Wallet()`. */
export interface CreateWeb3WalletParams {
  /** `0x` and 40 hex digits (EIP-55 checksummed when mixed-case). */
  web3Wallet: string;
}

/** Parameters of `user.createExternalAccount()`. */
export interface CreateExternalAccountParams {
  strategy: OAuthStrategy;
  /** Where the provider sends the browser back to. */
  redirectUrl?: string;
  /** Accepted as well, as Clerk's own Notion example writes it. */
  redirect_url?: string;
  additionalScopes?: OAuthScope[];
}

/** Parameters of `externalAccount.reauthorize()`. */
export interface ReauthorizeExternalAccountParams {
  additionalScopes?: OAuthScope[];
  redirectUrl?: string;
}

/** Parameters of `user.update()`. */
export interface UpdateUserParams {
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  primaryEmailAddressId?: string;
  primaryPhoneNumberId?: string;
  primaryWeb3WalletId?: string;
  /** Deep-merged into the user's unsafe metadata; a `null` value deletes the key. */
  unsafeMetadata?: UserUnsafeMetadata;
}

/** Parameters of `user.updateMetadata()`. */
export interface UpdateUserMetadataParams {
  unsafeMetadata: UserUnsafeMetadata;
}

/** Parameters of `user.updatePassword()`. */
export interface UpdateUserPasswordParams {
  newPassword: string;
  currentPassword?: string;
  signOutOfOtherSessions?: boolean;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_SECTION: &'static str = TS_TYPES;

#[cfg(test)]
mod tests {
    use crate::resources::{
        client, email_address, environment, external_account, phone_number, session, sign_in, sign_up, user, verification, web3_wallet, Shape,
    };
    use std::collections::BTreeSet;

    /// The property names `export interface <name> {…}` declares (top level only).
    fn interface(name: &str) -> BTreeSet<String> {
        let head = ["export interface ", name, " {"].concat();
        let start = super::TS_TYPES.find(&head).unwrap_or_else(|| panic!("no `{head}` in ts.rs"));
        let body = &super::TS_TYPES[start + head.len()..];
        let body = &body[..body.find("\n}").expect("the interface ends")];
        body.lines()
            .filter_map(|l| l.strip_prefix("  "))
            .filter(|l| !l.starts_with(' ') && !l.starts_with('/') && !l.starts_with('*') && !l.starts_with('['))
            .filter_map(|l| l.split([':', '?']).next())
            .map(|n| n.trim_start_matches("readonly ").trim().to_string())
            .filter(|n| !n.is_empty())
            .collect()
    }

    fn shape(s: &Shape) -> BTreeSet<String> {
        s.fields.iter().map(|f| f.0.to_string()).chain(s.derived.iter().map(|d| d.to_string())).collect()
    }

    #[test]
    fn every_resource_interface_matches_its_shape() {
        let pairs: [(&str, &Shape); 14] = [
            ("Client", &client::SHAPE),
            ("SessionData", &session::SHAPE),
            ("User", &user::SHAPE),
            ("EmailAddress", &email_address::SHAPE),
            ("PhoneNumber", &phone_number::SHAPE),
            ("Web3Wallet", &web3_wallet::SHAPE),
            ("ExternalAccount", &external_account::SHAPE),
            ("Verification", &verification::SHAPE),
            ("SignIn", &sign_in::SHAPE),
            ("SignUp", &sign_up::SHAPE),
            ("SignUpVerification", &sign_up::SIGN_UP_VERIFICATION),
            ("SignUpVerifications", &sign_up::VERIFICATIONS),
            ("Environment", &environment::SHAPE),
            ("ImageResource", &user::IMAGE),
        ];
        for (name, s) in pairs {
            let (ts, rs) = (interface(name), shape(s));
            assert_eq!(
                ts,
                rs,
                "{name}: only in ts.rs: {:?}; only in the Shape: {:?}",
                ts.difference(&rs).collect::<Vec<_>>(),
                rs.difference(&ts).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_parser_sees_optional_readonly_and_skips_index_signatures() {
        let props = interface("UserSettings");
        assert!(props.contains("attributes") && props.contains("enabledFirstFactorIdentifiers"));
        assert!(!props.iter().any(|p| p.starts_with('[')));
    }
}
