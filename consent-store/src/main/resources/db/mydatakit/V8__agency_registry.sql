-- The agency registry: who may take part. Sets are stored as their sorted codes separated by single
-- spaces (codes are tokens, so a space never occurs in one); an inline JWK Set as its JSON text.
CREATE TABLE mydatakit_agency (
  agency_id      VARCHAR(64)    NOT NULL PRIMARY KEY,
  name           VARCHAR(100)   NOT NULL,
  roles          VARCHAR(32)    NOT NULL,
  jwks_uri       VARCHAR(2048),
  jwks           VARCHAR(65536),
  allowed_items  VARCHAR(65536) NOT NULL,
  purposes       VARCHAR(65536) NOT NULL,
  event_endpoint VARCHAR(2048),
  status         VARCHAR(16)    NOT NULL,
  CONSTRAINT mydatakit_agency_one_key_source
    CHECK ((jwks_uri IS NULL AND jwks IS NOT NULL) OR (jwks_uri IS NOT NULL AND jwks IS NULL))
);
