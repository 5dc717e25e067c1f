-- Cloud sync (docs/sync-protocol.md). Where each task-definition revision and service came from:
-- 'local' (on-site API) or 'cloud' (applied from a cloud revision).
alter table task_definitions add column origin varchar(16) default 'local' not null;
alter table services add column origin varchar(16) default 'local' not null;

-- Counters of the sync loops: applied_revision, last_reported_event_id, next_report_sequence.
-- Updated in the same transaction as what they count, so a crash never skips or repeats work.
create table sync_state (
  name  varchar(64) primary key,
  val   bigint      not null
);

-- The cloud's desired objects as last received: the whole effective state of this store as the
-- hub knows it. Every applied revision converges the hub's own tables to it, so a local edit of a
-- cloud-owned object is overwritten at the next revision.
create table sync_cloud_objects (
  kind  varchar(32)  not null,
  name  varchar(255) not null,
  spec  clob         not null,
  primary key (kind, name)
);

-- Report batches persisted before their first send and resent byte-identical until the cloud
-- acknowledges their sequence (it drops duplicates), also across a hub kill -9.
create table sync_report_batches (
  sequence    bigint    primary key,
  body        blob      not null,
  created_at  timestamp not null
);
