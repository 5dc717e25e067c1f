-- Access keys for the cloud's Amazon ECS endpoint (/ecs), signed with SigV4. The secret is
-- needed to recompute signatures, so it is sealed (AES-256-GCM, the access key id as associated
-- data) rather than hashed; the sealing key is not in the database (backroom.cloud.sealing-key
-- or <data-dir>/access-keys/sealing-key). The cloud has no users: every key is a pipeline key
-- holding one role (viewer, operator, admin).
CREATE TABLE access_keys (
  access_key_id VARCHAR(20) PRIMARY KEY,
  role VARCHAR(20) NOT NULL,
  description VARCHAR(256),
  secret_sealed ${big_bytes} NOT NULL,
  enabled BOOLEAN NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT
);

-- Named store selectors: each is an ECS cluster on /ecs beside the one cluster per store.
-- selector is the canonical text of a LabelSelector.
CREATE TABLE store_groups (
  name VARCHAR(255) PRIMARY KEY,
  selector VARCHAR(2000) NOT NULL,
  updated_ms BIGINT NOT NULL
);
