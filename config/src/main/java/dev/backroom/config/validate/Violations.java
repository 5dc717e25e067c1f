package dev.backroom.config.validate;

import java.util.ArrayList;
import java.util.List;

/** Collects violations under a growing path prefix. Not thread-safe; one per validation. */
final class Violations {
  private final List<Violation> list = new ArrayList<>();

  void add(String path, String reason) {
    list.add(new Violation(path, reason));
  }

  void require(boolean ok, String path, String reason) {
    if (!ok) {
      add(path, reason);
    }
  }

  void range(Integer value, int min, int max, String path) {
    if (value != null && (value < min || value > max)) {
      add(path, "must be between " + min + " and " + max + " but is " + value);
    }
  }

  List<Violation> list() {
    return List.copyOf(list);
  }
}
