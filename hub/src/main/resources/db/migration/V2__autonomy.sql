-- Operator intent on tasks: a held task is neither restarted nor replaced.
alter table tasks add column held boolean default false not null;
-- When the task last became RUNNING without a restart since, by the hub's clock; health by
-- grace period counts from here.
alter table tasks add column running_since timestamp;
alter table tasks add column restarts int default 0 not null;

-- Operator intent on devices: hold freezes a device; drain moves its tasks off, then keeps it
-- unschedulable until released.
create table device_controls (
  device_id   varchar(64)  primary key,
  held        boolean      default false not null,
  draining    boolean      default false not null,
  drained_at  timestamp,
  actor       varchar(255),
  reason      varchar(1024),
  updated_at  timestamp    not null
);

-- A service's rollouts, after ECS deployments: PRIMARY is the target, ACTIVE the one it replaces.
create table deployments (
  deployment_id   varchar(64)  primary key,
  service_name    varchar(255) not null,
  task_family     varchar(255) not null,
  task_revision   int          not null,
  spec_hash       varchar(32)  not null,
  status          varchar(16)  not null,
  rollout_state   varchar(16)  not null,
  rollout_reason  varchar(1024),
  failed_tasks    int          default 0 not null,
  created_at      timestamp    not null,
  updated_at      timestamp    not null
);
create index deployments_service on deployments (service_name, created_at);

-- Everything that happened and who made it happen.
create table events (
  event_id      bigint auto_increment primary key,
  at            timestamp     not null,
  kind          varchar(64)   not null,
  actor         varchar(255)  not null,
  origin        varchar(16)   not null,
  service_name  varchar(255),
  task_id       varchar(96),
  device_id     varchar(64),
  deployment_id varchar(64),
  reason        varchar(2048),
  message       varchar(4096) not null
);
create index events_at on events (at);
