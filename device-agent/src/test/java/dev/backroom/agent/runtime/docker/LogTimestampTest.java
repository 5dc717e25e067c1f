package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTimestampTest {
  @ParameterizedTest
  @CsvSource({
      "2026-03-01T10:15:30.123456789Z, 2026-03-01T10:15:30.123456789Z",
      "2026-03-01T10:15:30Z, 2026-03-01T10:15:30Z",
      "2026-03-01T11:15:30.5+01:00, 2026-03-01T10:15:30.500Z"})
  void theEnginesTimestamp_isAnInstant(String text, String expected) {
    assertEquals(Instant.parse(expected), DockerContainerConsole.timestamp(text));
  }

  @ParameterizedTest
  @CsvSource({"till-tick-1", "10:15:30", "''"})
  void anythingElse_isNoTimestamp(String text) {
    assertNull(DockerContainerConsole.timestamp(text));
  }
}
