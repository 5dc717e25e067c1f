-- Who registered a revision on site: the signed-in user or the access key's owner (a user, or
-- pipeline:<key id>), which ECS answers as registeredBy. Null for revisions from the cloud, and
-- for those registered before it was kept.
alter table task_definitions add column registered_by varchar(255);
