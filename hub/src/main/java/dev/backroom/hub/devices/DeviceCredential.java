package dev.backroom.hub.devices;

import java.time.Instant;

/** An enrolled device's stored credential hashes; revokedAt is null while it may connect. */
public record DeviceCredential(String deviceId, String secretHash, String workloadHash,
    String activationId, Instant registeredAt, Instant revokedAt, String revokedBy,
    String revokeReason) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
