-- UpdateService's forceNewDeployment: each forced redeploy counts up, and the count salts the
-- hash the service's tasks carry, so every running task is out of date and the rollout replaces
-- it even though the revision stayed the same.
alter table services add column redeploys int default 0 not null;
