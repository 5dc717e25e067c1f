package dev.backroom.mqtt.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.backroom.config.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stoppedReason is additive on the wire: absent when null, and old reports still read. */
class TaskStatusJsonTest {
  private static final ContainerStatus JOB = new ContainerStatus("job", "c1", "exited", 0,
      "UNKNOWN", 0, null);

  @Test
  void aStoppedTask_carriesItsReason_roundTrip() {
    TaskStatus t = new TaskStatus("t1", null, "h1", TaskStatus.STOPPED, "UNKNOWN", List.of(JOB),
        "Essential container in task exited: job exited 0");
    String json = Json.write(t);
    assertEquals(t, Json.read(json, TaskStatus.class));
  }

  @Test
  void withoutAReason_theFieldIsLeftOut_andAnOlderReportReadsAsNull() {
    String json = Json.write(new TaskStatus("t1", "svc", "h1", TaskStatus.RUNNING, "UNKNOWN",
        List.of(JOB)));
    assertFalse(json.contains("stoppedReason"), json);
    String older = "{\"taskId\":\"t1\",\"specHash\":\"h1\",\"lastStatus\":\"STOPPED\","
        + "\"healthStatus\":\"UNKNOWN\",\"containers\":[]}";
    assertNull(Json.read(older, TaskStatus.class).stoppedReason());
  }
}
