-- OAuth (issue #5): external accounts, the mock provider's states and codes, and what an OAuth
-- verification proved (for the sign-in <-> sign-up transfers).

-- An OAuth account connected to a user. `identification_id` is the account's own OAuth
-- identification (`idn_…`, what an email address's `linked_to` points at);
-- `email_identification_id` is the user's email address the account verified or added. The
-- identity columns stay NULL until the round trip succeeds, so a pending or failed account never
-- holds an identity: one provider identity belongs to one account at most.
CREATE TABLE external_accounts (
    id                      TEXT PRIMARY KEY,
    user_id                 TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider                TEXT NOT NULL,
    identification_id       TEXT NOT NULL UNIQUE,
    verification_id         TEXT NOT NULL,
    provider_user_id        TEXT,
    email_address           TEXT,
    first_name              TEXT,
    last_name               TEXT,
    image_url               TEXT,
    username                TEXT,
    approved_scopes         TEXT NOT NULL DEFAULT '',
    email_identification_id TEXT,
    public_metadata         TEXT NOT NULL DEFAULT '{}',
    label                   TEXT,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
);
CREATE INDEX external_accounts_user ON external_accounts (user_id);
CREATE UNIQUE INDEX external_accounts_identity ON external_accounts (provider, provider_user_id)
    WHERE provider_user_id IS NOT NULL;

-- One OAuth round trip: the `state` sent to the provider, bound to the client (and dev browser)
-- that started it and to what it verifies (`purpose` + `target_id`: an external account, a
-- sign-in or a sign-up, and its verification). Single use (`used_at`), expiring, and decided once
-- on the consent page (`decided_at`).
CREATE TABLE oauth_states (
    state           TEXT PRIMARY KEY,
    provider        TEXT NOT NULL,
    client_id       TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    dev_browser_id  TEXT,
    purpose         TEXT NOT NULL CHECK (purpose IN ('connect', 'sign_in', 'sign_up')),
    target_id       TEXT NOT NULL,
    verification_id TEXT NOT NULL,
    user_id         TEXT REFERENCES users (id) ON DELETE CASCADE,
    scopes          TEXT NOT NULL,
    redirect_url    TEXT NOT NULL,
    expire_at       INTEGER NOT NULL,
    decided_at      INTEGER,
    used_at         INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX oauth_states_target ON oauth_states (target_id);

-- Authorization codes the consent page issued (only their SHA-256 is kept), with the identity
-- the user approved. Single use, short-lived, bound to their state.
CREATE TABLE oauth_codes (
    code_hash        TEXT PRIMARY KEY,
    state            TEXT NOT NULL REFERENCES oauth_states (state) ON DELETE CASCADE,
    provider_user_id TEXT NOT NULL,
    email_address    TEXT NOT NULL,
    first_name       TEXT,
    last_name        TEXT,
    scopes           TEXT NOT NULL,
    expire_at        INTEGER NOT NULL,
    used_at          INTEGER,
    created_at       INTEGER NOT NULL
);

-- The identity an OAuth verification proved, by verification id: what a transfer (sign-in to
-- sign-up or back) turns into a user or a session.
CREATE TABLE oauth_identities (
    verification_id  TEXT PRIMARY KEY,
    provider         TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    email_address    TEXT NOT NULL,
    first_name       TEXT,
    last_name        TEXT,
    approved_scopes  TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);

-- A sign-up that goes through OAuth (started with `strategy=oauth_<provider>`, or transferred
-- from an OAuth sign-in), and its `verifications.external_account`.
CREATE TABLE oauth_sign_ups (
    sign_up_id      TEXT PRIMARY KEY REFERENCES sign_ups (id) ON DELETE CASCADE,
    provider        TEXT NOT NULL,
    verification_id TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
