package dev.backroom.hub.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeviceActionsTest {
  static Stream<Arguments> table() {
    return Stream.of(Arguments.of("ACTIVE", List.of("hold", "drain")),
        Arguments.of("HELD", List.of("drain", "release")),
        Arguments.of("DRAINING", List.of("hold", "release")),
        Arguments.of("DRAINED", List.of("release")),
        Arguments.of("LOST", List.of("hold", "drain", "release")),
        Arguments.of(null, List.of("hold", "drain", "release")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("table")
  void onlyTheActionsThatChangeSomething(String status, List<String> actions) {
    assertEquals(actions, DeviceActions.forStatus(status));
  }
}
