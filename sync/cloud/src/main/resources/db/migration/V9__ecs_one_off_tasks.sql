-- One-off tasks run through the cloud's Amazon ECS endpoint (RunTask, StartTask): each task is
-- a desired TASK object (desired_objects, selector store.id=<store>) named by its task id; this
-- table is what the cloud needs beyond the object: when the task's store first reported it
-- (seen_ms), so the object is purged once the store reports it stopped or no longer reports it,
-- or in any case backroom.cloud.ecs.task-retention after created_ms.
CREATE TABLE ecs_cloud_tasks (
  store_id VARCHAR(64) NOT NULL,
  task_id VARCHAR(40) NOT NULL,
  cluster VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  seen_ms BIGINT,
  PRIMARY KEY (store_id, task_id)
);

-- RunTask's clientToken: the first request's digest (its members less the token, and the
-- cluster) and the answer it got, so a retry is answered the same and another request with the
-- token is refused. Kept as long as the tasks' objects at most (task-retention).
CREATE TABLE ecs_run_tokens (
  client_token VARCHAR(64) PRIMARY KEY,
  digest VARCHAR(64) NOT NULL,
  answer ${big_text} NOT NULL,
  created_ms BIGINT NOT NULL
);
CREATE INDEX ecs_run_tokens_created ON ecs_run_tokens (created_ms);
