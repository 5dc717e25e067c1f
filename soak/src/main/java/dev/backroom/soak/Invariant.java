package dev.backroom.soak;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A property checked after every fault heals and at the end. Implementations outside this
 * package (the telemetry ledger of dev.backroom.soak.extra) plug in through {@link SoakExtension}.
 */
public interface Invariant {
  String name();

  /**
   * @param when {@code "after fault 3 (kill-9 hub)"} or {@code "end"}
   * @return the outcome with what was seen; never throws for a violation
   */
  Check check(String when);

  /** One check's outcome: passed when it found nothing. */
  record Check(String invariant, String when, List<Finding> findings) {
    public Check {
      findings = List.copyOf(findings);
    }

    public boolean passed() {
      return findings.isEmpty();
    }

    /** The findings, one a line. */
    public String details() {
      return findings.stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }
  }
}
