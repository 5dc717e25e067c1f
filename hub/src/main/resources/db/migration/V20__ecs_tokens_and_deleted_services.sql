-- ECS CreateService's clientToken: the same token with the same request answers the service it
-- created, also after the hub restarts (a pipeline retries across an appliance's reboot). The
-- request is kept as JSON without its token, to tell a retry from another request. Kept 24 hours,
-- at most the newest 1,000 (CreateTokens, purged on write). RunTask's tokens need no table: they
-- are a column of standalone_tasks (V12), written with the tasks they started.
create table ecs_create_tokens (
  client_token  varchar(36)  primary key,
  request       clob         not null,
  service_name  varchar(255) not null,
  created_at    timestamp    not null
);

-- Deleted services, so that ECS DescribeServices shows one DRAINING while its tasks stop and then
-- INACTIVE whoever deleted it (ECS, REST, compose down, cloud sync) and across restarts: what it
-- shows of the service as it was when deleted (its spec and revision; tags are forgotten). Kept
-- an hour, at most the newest 200 (DeletedServiceStore, purged on write); a service created again
-- with the name replaces its row.
create table deleted_services (
  service_name   varchar(255) primary key,
  spec           clob         not null,
  task_family    varchar(255) not null,
  task_revision  int          not null,
  origin         varchar(16)  not null,
  created_at     timestamp    not null,
  deleted_at     timestamp    not null
);
