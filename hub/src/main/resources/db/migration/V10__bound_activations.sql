-- An activation may be bound to one device id: it enrols that id only. With replace_device an
-- admin authorises it to take over an enrolled device id (the old credential is revoked); no
-- other activation can, so a leaked activation code cannot lock out a working device.
alter table device_activations add column device_id varchar(64);
alter table device_activations add column replace_device boolean default false not null;
