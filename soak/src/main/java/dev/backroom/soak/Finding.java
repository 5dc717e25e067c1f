package dev.backroom.soak;

/**
 * One thing a check saw that breaks a promise, the soak's single finding type (core invariants,
 * the log scan and dev.backroom.soak.extra alike): which component ({@code hub}, {@code agent
 * soak-x-a}, {@code telemetry}...), a short stable kind for counting ({@code log-error},
 * {@code telemetry-lost}, {@code api-5xx}...), and the detail a reader needs to reproduce it.
 */
public record Finding(String component, String kind, String detail) {
  @Override
  public String toString() {
    return component + " " + kind + ": " + detail;
  }
}
