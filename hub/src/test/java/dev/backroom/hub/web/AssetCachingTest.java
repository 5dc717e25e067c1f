package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AssetCachingTest {
  static Stream<Arguments> cases() {
    return Stream.of(Arguments.of("/ui/app.js", "v=0123abcd", AssetCaching.VERSIONED),
        Arguments.of("/ui/app.css", "a=1&v=2", AssetCaching.VERSIONED),
        Arguments.of("/ui/favicon.svg", "v=1", AssetCaching.VERSIONED),
        Arguments.of("/ui/app.js", null, AssetCaching.UNVERSIONED),
        Arguments.of("/ui/app.js", "vv=1", AssetCaching.UNVERSIONED),
        Arguments.of("/ui/ws/pulse", "v=1", null),
        Arguments.of("/ui/telemetry/history", null, null),
        Arguments.of("/vendor/xterm/5.5.0/xterm.js", null, null),
        Arguments.of("/devices", "v=1", null),
        Arguments.of(null, null, null));
  }

  @ParameterizedTest(name = "{0}?{1} -> {2}")
  @MethodSource("cases")
  void cacheControl_byPathAndVersion(String path, String query, String expected) {
    assertEquals(expected, AssetCaching.forRequest(path, query));
  }
}
