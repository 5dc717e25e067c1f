package dev.backroom.soak;

/**
 * A property checked after every fault heals and at the end. Implementations outside this
 * package (the telemetry ledger of dev.backroom.soak.extra) plug in through the soak's list.
 */
public interface Invariant {
  String name();

  /**
   * @param when {@code "after fault 3 (kill-9 hub)"} or {@code "end"}
   * @return the outcome with what was seen; never throws for a violation
   */
  Check check(String when);

  /** One check's outcome. */
  record Check(String invariant, String when, boolean passed, String details) {}
}
