-- A control-loop pass records an event per task it places or stops (10,000 when a store's
-- services are created at once), and H2 hands out event ids from a sequence that, by default,
-- it persists every 32 values: each time in a commit of its own, and with WRITE_DELAY=0 every
-- commit writes a chunk of the store, pages of the pass's still-open transaction included. That
-- was about a fifth of the CPU of inserting a pass's tasks and events. With a cache of 1,000 a
-- pass of 10,000 placements persists it 10 times. A crash skips at most the unused rest of the
-- cache: ids stay unique and increasing (the sync reads events after the last id it sent), with
-- a gap, as ids already had one after a rolled-back insert.
alter table events alter column event_id set cache 1000;
