-- mydatakit provider kit, version 1: the shared grant use ledger and DPoP replay cache.
-- The same DDL runs on H2 (2.x) and PostgreSQL (12+). Identifiers are stored as SHA-256 digests
-- (43 base64url characters), never as sent; instants as epoch milliseconds, expiries rounded up.

-- One row per (grant, item) delivered: use_key digests both. idempotency_key is the digest of the
-- first claim's Idempotency-Key, null when it sent none. The row may go once forget_after_ms <= now.
CREATE TABLE mydatakit_provider_use (
  use_key         VARCHAR(43) NOT NULL PRIMARY KEY,
  idempotency_key VARCHAR(43),
  forget_after_ms BIGINT      NOT NULL
);
CREATE INDEX mydatakit_provider_use_expiry ON mydatakit_provider_use (forget_after_ms);

-- One row per DPoP proof seen: jkt digests the proof key's thumbprint, jti the proof's id.
CREATE TABLE mydatakit_provider_proof (
  jkt        VARCHAR(43) NOT NULL,
  jti        VARCHAR(43) NOT NULL,
  expires_ms BIGINT      NOT NULL,
  CONSTRAINT mydatakit_provider_proof_pk PRIMARY KEY (jkt, jti)
);
CREATE INDEX mydatakit_provider_proof_live ON mydatakit_provider_proof (jkt, expires_ms);
CREATE INDEX mydatakit_provider_proof_expiry ON mydatakit_provider_proof (expires_ms);
