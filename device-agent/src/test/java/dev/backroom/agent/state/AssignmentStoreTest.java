package dev.backroom.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentStoreTest {
  @TempDir
  Path dir;

  @Test
  void nothingStored_loadsEmpty() {
    assertEquals(Optional.empty(), new AssignmentStore(dir.resolve("fresh")).load());
  }

  @Test
  void savedAssignment_loadsBackEqual_andLeavesNoTempFiles() throws IOException {
    AssignmentStore store = new AssignmentStore(dir.resolve("agent"));
    Assignment a = Fixtures.assignment(7, Fixtures.task("t1", "h1", Fixtures.container("web"),
        Fixtures.withHealth("side")));
    store.save(a);
    store.save(Fixtures.assignment(8, Fixtures.task("t2", "h2", Fixtures.container("db"))));
    store.save(a);
    assertEquals(Optional.of(a), new AssignmentStore(dir.resolve("agent")).load());
    try (Stream<Path> files = Files.list(dir.resolve("agent"))) {
      assertEquals(List.of(AssignmentStore.FILE_NAME),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void corruptFile_loadsEmpty_andIsKeptAside() throws IOException {
    AssignmentStore store = new AssignmentStore(dir);
    Files.writeString(store.file(), "{\"deviceId\":\"dev-a\",\"generation\":");
    assertEquals(Optional.empty(), store.load());
    assertTrue(Files.exists(dir.resolve(AssignmentStore.FILE_NAME + ".corrupt")));
  }

  @Test
  void everyContainerFieldSurvivesTheRoundTrip() {
    ContainerDefinition c = new ContainerDefinition("web", "img", List.of("sh", "-c", "x"),
        List.of("/bin/entry"), List.of(new KeyValuePair("A", "1")), false, 256, 64, 32,
        List.of(new ResourceRequirement("GPU", "1")),
        List.of(new MountPoint("data", "/data", true), new MountPoint("tmp", "/tmp", null)),
        new HealthCheck(List.of("CMD", "true"), 5, 2, 3, 1),
        new RestartPolicy(null, RestartPolicy.ON_FAILURE, 3, List.of(2), null));
    TaskDefinition td = new TaskDefinition("fam", 3, List.of(c), 512, 128, "none",
        List.of(new Volume("data", new Volume.Host("/srv/data")), new Volume("tmp", null)));
    Assignment a = new Assignment("dev-a", 4, List.of(new AssignedTask("t1", "svc", td, "h")));
    AssignmentStore store = new AssignmentStore(dir);
    store.save(a);
    assertEquals(Optional.of(a), store.load());
  }
}
