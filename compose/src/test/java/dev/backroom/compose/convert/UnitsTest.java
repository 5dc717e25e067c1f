package dev.backroom.compose.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compose sizes to MiB, Go durations to seconds, cpus to CPU units; what does not fit is refused. */
class UnitsTest {
  record Case(String kind, Object in, int expected) {}

  record Bad(String kind, Object in, String messagePart) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("size", "512m", 512), new Case("size", "1g", 1024), new Case("size", "1gb", 1024),
        new Case("size", "1.5g", 1536), new Case("size", "2048k", 2), new Case("size", "512M", 512),
        new Case("size", 268435456L, 256), new Case("size", "1t", 1048576),
        new Case("duration", "1m30s", 90), new Case("duration", "10s", 10),
        new Case("duration", "1h", 3600), 
        new Case("duration", "2000ms", 2), new Case("duration", "1.5m", 90),
        new Case("duration", "30", 30), new Case("duration", "1h1m1s", 3661),
        new Case("cpus", "0.5", 512), new Case("cpus", "2", 2048), new Case("cpus", 0.25, 256));
  }

  static Stream<Bad> refused() {
    return Stream.of(
        new Bad("size", "1000k", "not a whole number of MiB"),
        new Bad("size", "lots", "not a size"),
        new Bad("size", "-1m", "not a size"),
        new Bad("duration", "1500ms", "not a whole number of seconds"),
        new Bad("duration", "1d", "not a duration"),
        new Bad("duration", "s", "not a duration"),
        new Bad("duration", "10s5", "not a duration"),
        new Bad("cpus", "0.0001", "whole CPU units"),
        new Bad("cpus", "many", "not a CPU count"))
;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void converts(Case c) {
    assertEquals(c.expected(), unit(c.kind()).applyAsInt(c.in()), c.kind() + " " + c.in());
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refuses(Bad b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> unit(b.kind()).applyAsInt(b.in()));
    assertTrue(e.getMessage().contains(b.messagePart()), e.getMessage());
  }

  private static ToIntFunction<Object> unit(String kind) {
    return switch (kind) {
      case "size" -> Units::mebibytes;
      case "duration" -> Units::seconds;
      default -> Units::cpuUnits;
    };
  }
}
