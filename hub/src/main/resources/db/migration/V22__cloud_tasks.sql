-- One-off tasks the cloud asked of this store (desired TASK objects, docs/sync-protocol.md
-- "One-off tasks"), by the cloud's task id, which is also the hub's task id once it runs. The
-- row is written in the transaction that applies the cloud revision carrying the object, and a
-- task whose row exists is never run again: a repeated change, a full resync or a restart
-- between running and marking it finds the row (and the task itself), not a new request.
-- state: PENDING (not placed yet), STARTED, FAILED (no device took it within the placement
-- window, or the hub refused it), CANCELLED (stopped through the cloud before it started).
-- forgotten_at: when the cloud's object left; such rows are deleted 30 days later.
create table cloud_tasks (
  task_id          varchar(96)   primary key,
  spec             clob          not null,
  state            varchar(16)   not null,
  received_at      timestamp     not null,
  started_at       timestamp,
  -- set when the cloud's object carries a stop not applied yet
  stop_pending     boolean       default false not null,
  stop_applied_at  timestamp,
  failure          varchar(4000),
  forgotten_at     timestamp
);
create index cloud_tasks_state on cloud_tasks (state, stop_pending);
