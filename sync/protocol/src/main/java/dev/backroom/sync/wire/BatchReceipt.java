package dev.backroom.sync.wire;

/** The cloud's answer to an upstream batch; duplicate means it had it already. */
public record BatchReceipt(long acceptedSequence, boolean duplicate) {}
