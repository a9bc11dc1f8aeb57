-- The pair a refresh token was exchanged for, sealed under a key derived from that token (AES-256-GCM): a client that
-- sends the same refresh token from several requests at once gets the same pair within the grace period.
ALTER TABLE spent_refresh_tokens ADD COLUMN successor BLOB NULL;
