-- Custom attributes put on devices through the hub (ECS PutAttributes), beside the ones a
-- device announces itself. The scheduler sees both; a name set here wins over the device's own.
-- attr_value is null for an attribute without a value (ECS allows those: "exists" tests them).
create table device_attributes (
  device_id   varchar(64)  not null,
  attr_name   varchar(128) not null,
  attr_value  varchar(128),
  updated_at  timestamp    not null,
  primary key (device_id, attr_name)
);
