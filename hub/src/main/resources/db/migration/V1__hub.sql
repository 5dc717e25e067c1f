-- Desired state, as posted through the API. Specs are stored as the JSON that was validated.
create table task_definitions (
  family        varchar(255) not null,
  revision      int          not null,
  spec          clob         not null,
  registered_at timestamp    not null,
  primary key (family, revision)
);

create table services (
  service_name  varchar(255) primary key,
  spec          clob         not null,
  task_family   varchar(255) not null,
  task_revision int          not null,
  created_at    timestamp    not null,
  updated_at    timestamp    not null
);

-- Devices as last announced; liveness itself is kept in memory and rebuilt from MQTT.
create table devices (
  device_id     varchar(64)  primary key,
  capabilities  clob         not null,
  first_seen    timestamp    not null,
  last_seen     timestamp    not null
);

-- Every task the hub ever placed. desired_status RUNNING rows are what the assignments carry.
create table tasks (
  task_id             varchar(96)  primary key,
  service_name        varchar(255) not null,
  device_id           varchar(64)  not null,
  task_family         varchar(255) not null,
  task_revision       int          not null,
  spec_hash           varchar(32)  not null,
  desired_status      varchar(16)  not null,
  last_status         varchar(16),
  health_status       varchar(16),
  containers          clob,
  reported_generation bigint,
  stopped_reason      varchar(512),
  created_at          timestamp    not null,
  updated_at          timestamp    not null
);
create index tasks_desired on tasks (desired_status, service_name);
create index tasks_device on tasks (device_id);

-- The generation counter per device survives restarts, so agents never see it go backwards.
create table device_assignments (
  device_id   varchar(64) primary key,
  generation  bigint      not null,
  digest      varchar(64) not null,
  updated_at  timestamp   not null
);
