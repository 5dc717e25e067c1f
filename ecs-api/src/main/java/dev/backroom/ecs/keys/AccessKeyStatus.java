package dev.backroom.ecs.keys;

import java.time.Instant;

/** Whether a key may sign requests now, and if not, why. */
public enum AccessKeyStatus {
  ACTIVE,
  /** Disabled by an admin; enabling it makes it ACTIVE again. */
  DISABLED,
  /** Past its {@code expiresAt}; for good: enabling it is refused. */
  EXPIRED,
  /**
   * Its sealed secret does not open with the sealing key of the hub or cloud that holds it (the
   * key was replaced, or the row was altered or copied from another key): nothing can verify its signatures, so it
   * can only be deleted.
   */
  UNREADABLE;

  /**
   * The status at {@code now}; the most lasting reason wins (unreadable, then expired, then
   * disabled), so what an admin reads says what enabling would not fix. A key expires at the
   * instant {@code expiresAt}.
   */
  public static AccessKeyStatus of(boolean readable, boolean enabled, Instant expiresAt,
      Instant now) {
    if (!readable) {
      return UNREADABLE;
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return EXPIRED;
    }
    return enabled ? ACTIVE : DISABLED;
  }
}
