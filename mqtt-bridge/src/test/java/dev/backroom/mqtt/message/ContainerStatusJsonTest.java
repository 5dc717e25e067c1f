package dev.backroom.mqtt.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.backroom.config.json.Json;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Start and finish times, earlier restarts and the last exit code are additive on the wire:
 * absent when unknown, and an older agent's container reads as none of them.
 */
class ContainerStatusJsonTest {
  private static final ContainerStatus RESTARTED = new ContainerStatus("web", "c2", "running",
      null, "UNKNOWN", 1, null, List.of(), "2026-12-06T10:00:00Z", null, 2, 137);

  @Test
  void theNewFields_roundTrip_throughTheCodec() {
    StatusReport r = new StatusReport("d1", 3, List.of(new TaskStatus("t1", "svc", "h1",
        TaskStatus.RUNNING, "UNKNOWN", List.of(RESTARTED))));
    MessageCodec codec = new MessageCodec();
    Decoded<StatusReport> back = codec.decode(codec.encode(Topics.STATUS, "d1", 1L, r),
        Topics.STATUS, "d1", StatusReport.class);
    ContainerStatus c = ((Decoded.Ok<StatusReport>) back).body().tasks().get(0).containers()
        .get(0);
    assertEquals(RESTARTED, c);
    assertEquals(3, c.restartsShown(), "one by the policy, two before this container");
  }

  @Test
  void unknownFields_areLeftOut_andAnOlderAgentsContainerReadsAsNone() {
    String json = Json.write(new ContainerStatus("web", "c1", "running", null, "UNKNOWN", 0,
        null));
    for (String f : List.of("startedAt", "finishedAt", "earlierRestarts", "lastExitCode")) {
      assertFalse(json.contains(f), json);
    }
    ContainerStatus old = Json.read("{\"name\":\"web\",\"containerId\":\"c1\",\"state\":"
        + "\"exited\",\"exitCode\":1,\"health\":\"UNKNOWN\",\"restarts\":4}", ContainerStatus.class);
    assertNull(old.startedAt());
    assertNull(old.earlierRestarts());
    assertNull(old.lastExitCode());
    assertEquals(4, old.restartsShown());
  }
}
