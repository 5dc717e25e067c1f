-- Tags of ECS resources (TagResource, and the tags of RegisterTaskDefinition, CreateService,
-- RunTask), by the resource's ARN as the hub writes it. ECS's limits: 50 tags a resource,
-- keys up to 128 characters, values up to 256.
create table ecs_tags (
  resource_arn  varchar(1024) not null,
  tag_key       varchar(128)  not null,
  tag_value     varchar(256)  not null,
  primary key (resource_arn, tag_key)
);
