package dev.backroom.sync.wire;

/** Telemetry messages a hub dropped since its previous batch; reason is overflow or ttl. */
public record DropCount(String stream, String reason, long count) {}
