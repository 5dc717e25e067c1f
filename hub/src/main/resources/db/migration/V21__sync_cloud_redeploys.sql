-- The cloud's count of forced new deployments (ECS UpdateService's forceNewDeployment through
-- the cloud) last applied per cloud-owned service. A change whose count is above it redeploys
-- the service once; a repeated change or a full snapshot with the same count does nothing.
-- Written in the transaction that applies the cloud revision, like sync_cloud_objects.
create table sync_cloud_redeploys (
  service_name  varchar(255) primary key,
  redeploys     int          not null
);
