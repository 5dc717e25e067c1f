package dev.backroom.sync.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncMetricsTest {
  @ParameterizedTest
  @CsvSource({
      "backroom_sync_bytes_total, backroom_sync_bytes",
      "backroom_telemetry_dropped_total, backroom_telemetry_dropped",
      "backroom_telemetry_outbox_bytes, backroom_telemetry_outbox_bytes"})
  void counterName_dropsTheSuffixMicrometerAddsBack(String prometheus, String micrometer) {
    assertEquals(micrometer, SyncMetrics.micrometerCounterName(prometheus));
  }

  @ParameterizedTest
  @CsvSource({"DESIRED, desired", "REPORTS, reports", "TELEMETRY, telemetry", "ENROLL, enroll"})
  void channelTag_isTheContractsLowerCaseName(Channel c, String tag) {
    assertEquals(tag, c.tag());
  }
}
