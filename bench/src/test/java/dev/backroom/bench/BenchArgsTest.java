package dev.backroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchArgsTest {
  /** Each benchmark's parser, so that every one refuses what it does not know. */
  static void parse(String bench, String[] args) {
    Consumer<String[]> p = switch (bench) {
      case "scale" -> ScaleOptions::parse;
      case "telemetry" -> TelemetryOptions::parse;
      case "cloud-load" -> CloudLoadOptions::parse;
      case "footprint" -> FootprintOptions::parse;
      default -> throw new IllegalArgumentException(bench);
    };
    p.accept(args);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "scale|--devices 10 --bogus 3|unknown argument --bogus",
      "scale|--devices|--devices: needs a value",
      "scale|--devices ten|--devices: not an integer: ten",
      "scale|--devices 10 --devices 20|--devices: given more than once",
      "scale|--link tls|unknown argument --link",
      "telemetry|--publishers 2 --hub-props a=b|unknown argument --hub-props",
      "telemetry|--outbox-max-bytes 1e9|--outbox-max-bytes: not an integer: 1e9",
      "cloud-load|--rates 1,x|--rates: auto or numbers separated by commas, not 1,x",
      "cloud-load|--cloud-prop nokey|--cloud-prop takes KEY=VALUE, got nokey",
      "cloud-load|--instances 3|--instances must be 1, 2 or both, not 3",
      "cloud-load|--goal-ms fast|--goal-ms: not a number: fast",
      "cloud-load|--profile yes|unknown argument yes",
      "footprint|--idle 60|unknown argument --idle",
      "footprint|--idle-s 5|devices >= 0, tasks >= 0 (0 without devices), containers >= 1, idle-s >= 10, restarts >= 1"})
  void refused_withTheReasonAndTheUsage(String bench, String args, String reason) {
    BenchArgs.UsageException e = assertThrows(BenchArgs.UsageException.class,
        () -> parse(bench, args.split(" ")));
    assertEquals(reason, e.getMessage().lines().findFirst().orElseThrow());
    assertTrue(e.getMessage().contains("usage: backroom bench " + bench), e.getMessage());
  }

  @Test
  void known_areRead_repeatableKeepTheirOrder_flagsStandAlone() {
    ScaleOptions s = ScaleOptions.parse(new String[] {"--devices", "20", "--profile", "--links", "plain"});
    assertEquals(20, s.devices());
    assertTrue(s.profile());
    assertEquals("plain", s.links());
    TelemetryOptions t = TelemetryOptions.parse(new String[] {"--hub-prop", "a=1", "--hub-prop", "b=2"});
    assertEquals(List.of("a=1", "b=2"), t.hubProps());
    CloudLoadOptions c = CloudLoadOptions.parse(new String[] {"--rates", "1, 0.5", "--instances", "2"});
    assertEquals(List.of(1.0, 0.5), c.rates());
    assertEquals(List.of(2), c.instances());
    assertEquals(new FootprintOptions(50, 200, 5, 30, 60, 3, "bench/results/footprint.json"),
        FootprintOptions.parse(new String[0]));
  }
}
