package dev.backroom.sync.wire;

/** The hub tells the cloud which revision it has applied. */
public record RevisionAck(long revision) {}
