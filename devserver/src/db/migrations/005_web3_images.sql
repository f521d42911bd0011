-- Web3 sign-ups and profile images (issue #14).

-- A sign-up with a wallet address (`web3_wallet`) and the signature verification of its nonce.
ALTER TABLE sign_ups ADD COLUMN web3_wallet TEXT;
ALTER TABLE sign_ups ADD COLUMN web3_verification_id TEXT REFERENCES verifications (id);

-- Uploaded images (`POST /v1/me/profile_image`), served at `/dev/images/{id}`. `content_type` is
-- what the bytes are (sniffed), never what the upload declared.
CREATE TABLE images (
    id           TEXT PRIMARY KEY,
    user_id      TEXT REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX images_user ON images (user_id);

-- The user's profile image, when they uploaded one (else the initials avatar).
ALTER TABLE users ADD COLUMN image_id TEXT;
