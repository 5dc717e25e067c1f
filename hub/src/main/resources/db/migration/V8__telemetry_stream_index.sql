-- Telemetry outbox: one secondary index, (stream, id), instead of two, (priority, id) and
-- (expires_at). Every index costs each message an entry at ingest and a removal (plus its undo
-- log entry at commit) when the message leaves in an upload batch; measured on the hub's JVM
-- settings, each of them was about 5 us per message of the cut, a quarter of its cost.
-- Eviction and expiry walk it stream by stream instead (OutboxStore): a stream's rows in id order
-- are also in ts order and share one priority and ttl, so its expired rows are a prefix and its
-- eviction candidates are its oldest rows.
drop index telemetry_outbox_eviction;
drop index telemetry_outbox_expiry;
create index telemetry_outbox_stream on telemetry_outbox (stream, id);
