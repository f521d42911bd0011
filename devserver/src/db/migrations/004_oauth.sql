-- OAuth: external accounts, the mock provider's states and codes.
-- (Filled in by the OAuth work.)
SELECT 1;
