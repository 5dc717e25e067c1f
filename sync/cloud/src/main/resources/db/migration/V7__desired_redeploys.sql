-- ECS UpdateService's forceNewDeployment on the cloud: how many times a new deployment of a
-- desired SERVICE object was forced. Kept beside the spec, not in it (a hub's Service spec has
-- no such field), and counted in spec_hash, so a forced redeploy of an unchanged spec still
-- changes the object, writes a change row and moves its stores' revisions. The change rows and
-- the stores' effective objects carry the count down to the hubs, which redeploy the service
-- when it grows past the last count they applied.
ALTER TABLE desired_objects ADD COLUMN redeploys INT DEFAULT 0 NOT NULL;
ALTER TABLE store_objects ADD COLUMN redeploys INT DEFAULT 0 NOT NULL;
ALTER TABLE store_changes ADD COLUMN redeploys INT DEFAULT 0 NOT NULL;
