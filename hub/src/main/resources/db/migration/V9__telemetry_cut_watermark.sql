-- Telemetry outbox: a cut batch's rows are no longer deleted in the cut's transaction. The cut
-- moves cut_through (the highest outbox id any batch has taken) in that transaction instead, and
-- rows at or below it are dead: no query of the outbox, eviction or count sees them, and the
-- writer deletes them later, in ranges, when it has nothing else to do (OutboxCleanup). The
-- deletes were half of a cut's cost on the drain path (index and page rewrites, undo log).
alter table telemetry_upload add column cut_through bigint default 0 not null;
