package dev.backroom.hub.devices;

import java.time.Instant;

/** An operator's standing instruction for one device: held, or draining (drained once empty). */
public record DeviceControl(String deviceId, boolean held, boolean draining, Instant drainedAt,
    String actor, String reason, Instant updatedAt) {}
