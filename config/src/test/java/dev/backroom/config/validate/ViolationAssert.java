package dev.backroom.config.validate;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The one assertion helper for validation results: exact set of (path, reason fragment). */
public final class ViolationAssert {
  private ViolationAssert() {}

  /** An expected violation: the exact path and a fragment its reason must contain. */
  public record Expect(String path, String reasonFragment) {
    @Override
    public String toString() {
      return path + ": ..." + reasonFragment + "...";
    }
  }

  public static Expect at(String path, String reasonFragment) {
    return new Expect(path, reasonFragment);
  }

  public static List<Expect> none() {
    return List.of();
  }

  /**
   * Asserts that {@code actual} holds exactly one violation per expectation and nothing else,
   * in any order.
   */
  public static void assertViolations(List<Violation> actual, List<Expect> expected) {
    List<Violation> unmatched = new ArrayList<>(actual);
    List<Expect> missing = new ArrayList<>();
    for (Expect e : expected) {
      Violation hit = unmatched.stream()
          .filter(v -> v.path().equals(e.path()) && v.reason().contains(e.reasonFragment()))
          .findFirst().orElse(null);
      if (hit == null) {
        missing.add(e);
      } else {
        unmatched.remove(hit);
      }
    }
    if (!missing.isEmpty() || !unmatched.isEmpty()) {
      fail("violations differ\n  missing:    " + missing + "\n  unexpected: " + unmatched
          + "\n  all:        " + actual);
    }
  }

  public static void assertViolations(List<Violation> actual, Expect... expected) {
    assertViolations(actual, Arrays.asList(expected));
  }
}
