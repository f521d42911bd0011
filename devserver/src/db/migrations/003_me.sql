-- The /v1/me routes: user self-service (identifications, primary, metadata, password, sessions).
-- (No schema change needed so far.)
SELECT 1;
