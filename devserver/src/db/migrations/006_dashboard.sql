-- The local dashboard (issue #15).

-- Backend API `banUser` / `unbanUser`: a banned user cannot sign in nor mint tokens.
ALTER TABLE users ADD COLUMN banned INTEGER NOT NULL DEFAULT 0;

-- What each code in the outbox is for (`codes::Purpose`: verification, sign_in, sign_up,
-- reset_password) and when it expires (ms since the epoch).
ALTER TABLE outbox ADD COLUMN purpose TEXT;
ALTER TABLE outbox ADD COLUMN expires_at INTEGER;
