package dev.backroom.cloud.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncRequestMetricsTest {
  @ParameterizedTest
  @CsvSource({
      "/sync/v1/enroll, enroll",
      "/sync/v1/desired, desired",
      "/sync/v1/desired/ack, desired-ack",
      "/sync/v1/reports, reports",
      "/sync/v1/telemetry, telemetry",
      "/sync/v1/telemetry/../x, other",
      "/sync/v1/anything-else, other"})
  void endpointTag_isAFixedName(String path, String tag) {
    assertEquals(tag, SyncRequestMetrics.endpoint(path));
  }
}
