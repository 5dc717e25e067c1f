-- Device enrolment: an operator creates an activation (its code is shown once and kept here
-- only as a bcrypt hash); a device exchanges it for its own credential.
create table device_activations (
  activation_id  varchar(64)   primary key,
  code_hash      varchar(128)  not null,
  created_at     timestamp     not null,
  expires_at     timestamp     not null,
  max_uses       int           not null,
  uses           int           default 0 not null,
  created_by     varchar(255)  not null,
  note           varchar(1024)
);

-- One credential per enrolled device, and one for the workloads it starts (telemetry publish
-- only). Only bcrypt hashes are kept. A revoked device is refused by the broker until it is
-- enrolled again.
create table device_credentials (
  device_id      varchar(64)   primary key,
  secret_hash    varchar(128)  not null,
  workload_hash  varchar(128)  not null,
  activation_id  varchar(64)   not null,
  registered_at  timestamp     not null,
  revoked_at     timestamp,
  revoked_by     varchar(255),
  revoke_reason  varchar(1024)
);
