package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.HubAuth;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub starts its Mosquitto on a thread of its own while Flyway migrates the database: a
 * start that fails on either side still fails as a whole, and leaves no broker behind.
 */
class HubStartFailureIT {
  final String run = UUID.randomUUID().toString().substring(0, 6);
  HubProcess hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.stop();
    }
  }

  @Test
  void brokerPortTaken_stopsTheStart() throws Exception {
    Path dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/start-port-" + run));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> HubProcess.start(setup(dir, taken.getLocalPort())));
      assertTrue(e.getMessage().contains("exited during start"), e.getMessage());
      assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is"
          + " already in use"), e.getMessage());
    }
  }

  /** Flyway still validates what was applied: a changed migration stops the start. */
  @Test
  void alteredAppliedMigration_stopsTheStartAndTheBrokerItStarted() throws Exception {
    Path dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/start-schema-" + run));
    int mqttPort = Ports.free();
    hub = HubProcess.start(setup(dir, mqttPort));
    hub.stop();
    alterChecksumOfLastMigration(dir);

    IllegalStateException e = assertThrows(IllegalStateException.class, hub::startAgain);
    assertTrue(e.getMessage().contains("exited during start"), e.getMessage());
    String log = Files.readString(dir.resolve("hub.log"));
    assertTrue(log.contains("checksum mismatch"), log);
    assertTrue(log.contains("mosquitto version"), "the broker had started: " + log);
    // The broker the failed start ran is gone with it: its port is free again.
    await().atMost(Duration.ofSeconds(20)).until(() -> !Ports.isOpen(mqttPort));
    assertFalse(hub.isAlive());
  }

  private static HubProcess.Setup setup(Path dir, int mqttPort) {
    return new HubProcess.Setup(dir, dir.resolve("hub.log"), Ports.free(), null, mqttPort,
        Ports.free(), HubAuth.random(), List.of("-Xmx256m"), Map.of(), Map.of());
  }

  /** With H2's own shell, from the hub's jars: as someone editing an applied migration would. */
  private static void alterChecksumOfLastMigration(Path dir) throws IOException,
      InterruptedException {
    Path h2;
    try (Stream<Path> jars = Files.list(Repo.hubJar().getParent().resolve("lib/main"))) {
      h2 = jars.filter(p -> p.getFileName().toString().startsWith("com.h2database.h2-"))
          .findFirst().orElseThrow();
    }
    Process p = new ProcessBuilder(Repo.java(), "-cp", h2.toString(), "org.h2.tools.Shell",
        "-url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("hub"), "-user", "backroom",
        "-password", "", "-sql", "UPDATE \"flyway_schema_history\" SET \"checksum\" = 42"
            + " WHERE \"installed_rank\" = (SELECT MAX(\"installed_rank\")"
            + " FROM \"flyway_schema_history\")")
        .redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.contains("Update count: 1"), said);
  }
}
