-- Standalone tasks (ECS RunTask) belong to no service.
alter table tasks alter column service_name drop not null;

-- What a standalone task has beyond a service task: who started it, its group, the request's
-- idempotency token and digest, and the task definition it runs with its overrides applied
-- (the assignment carries exactly this, so the agent runs what was asked). The row outlives the
-- task, so a finished task still shows how and why it stopped.
create table standalone_tasks (
  task_id         varchar(96)  primary key,
  started_by      varchar(128),
  task_group      varchar(255) not null,
  client_token    varchar(64),
  request_digest  varchar(64)  not null,
  definition      clob         not null,
  overrides       clob,
  stop_code       varchar(32),
  stopped_at      timestamp,
  created_at      timestamp    not null
);
create index standalone_tasks_token on standalone_tasks (client_token);
create index standalone_tasks_started_by on standalone_tasks (started_by);

-- ECS DeregisterTaskDefinition: an INACTIVE revision starts nothing new; what runs it keeps going.
alter table task_definitions add column status varchar(16) default 'ACTIVE' not null;
alter table task_definitions add column deregistered_at timestamp;
