-- Tags of the resources of the cloud's Amazon ECS endpoint (/ecs): clusters (stores and store
-- groups), services of those clusters and the cloud's task definition revisions, set by
-- TagResource and by the tags of RegisterTaskDefinition and CreateService. Keyed by the ARN the
-- cloud writes for the resource. ECS's limits: 50 tags a resource, keys up to 128 characters,
-- values up to 256.
CREATE TABLE ecs_tags (
  resource_arn VARCHAR(1024) NOT NULL,
  tag_key VARCHAR(128) NOT NULL,
  tag_value VARCHAR(256) NOT NULL,
  PRIMARY KEY (resource_arn, tag_key)
);
