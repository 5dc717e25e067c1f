-- Access keys for the AWS-shaped APIs (dev.backroom.hub.accesskeys). SigV4 needs the secret
-- itself, so it is sealed (AES-256-GCM, the key id as associated data) with the key in
-- <data-dir>/access-keys/sealing-key, never stored in the clear. A key acts as its user (deleted
-- with it) or, with username null, as a pipeline with its own role.
create table access_keys (
  access_key_id  varchar(20)    primary key,
  username       varchar(64)    references auth_users (username) on delete cascade,
  role           varchar(16)    not null,
  description    varchar(256),
  secret_sealed  varbinary(128) not null,
  enabled        boolean        not null,
  created_at     timestamp      not null,
  expires_at     timestamp
);
create index access_keys_user on access_keys (username);
