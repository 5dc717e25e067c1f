package dev.backroom.sync.outbox;

import java.time.Instant;

/**
 * A message waiting in the hub's outbox, as far as eviction cares. {@code id} is the outbox's own
 * insertion order and breaks ties between messages ingested in the same instant.
 */
public record OutboxEntry(long id, String stream, Instant ingestedAt, long bytes) {}
