package dev.backroom.sync.outbox;

/** One message to delete from the outbox, and why. */
public record Eviction(OutboxEntry entry, DropReason reason) {}
