package dev.backroom.hub.enrollment;

import java.time.Instant;

/**
 * A device activation as stored: the code only as its hash.
 *
 * @param deviceId the one device id it may enrol, or null for any new id
 * @param replace whether it may re-enrol {@code deviceId} when that device is enrolled already
 *     (an admin's explicit act; the old credential is revoked); only with a deviceId
 */
public record Activation(String id, String codeHash, Instant createdAt, Instant expiresAt,
    int maxUses, int uses, String createdBy, String note, String deviceId, boolean replace) {

  /** Why an activation cannot be used now, or null when it can. */
  public Refusal refusalAt(Instant now) {
    if (!now.isBefore(expiresAt)) {
      return new Refusal("activation_expired", "activation " + id + " expired at " + expiresAt);
    }
    if (uses >= maxUses) {
      return new Refusal("activation_used_up",
          "activation " + id + " is used up (" + uses + " of " + maxUses + " uses)");
    }
    return null;
  }

  /** The body of a refused request: a machine-readable code and a sentence for people. */
  public record Refusal(String error, String message) {}
}
