package dev.backroom.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.runtime.docker.GpuAttachment;
import dev.backroom.agent.runtime.docker.RuntimeOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static AgentConfig parse(String... args) {
    return Main.config(args);
  }

  @Test
  void defaults() {
    AgentConfig c = parse("--device-id", "store-1");
    assertEquals("tcp://127.0.0.1:1883", c.brokerUri());
    assertEquals(Path.of("data", "agent-store-1"), c.dataDir());
    assertEquals(0, c.gpus());
    assertEquals("none", c.gpuRuntime());
    assertEquals(Duration.ofSeconds(30), c.heartbeatInterval(), "Liveness.HEARTBEAT_INTERVAL_S");
    assertEquals(Duration.ofMillis(5000), c.reconcileInterval());
    assertEquals(Runtime.getRuntime().availableProcessors(), c.cpus());
    assertEquals("bridge", c.containers().bridgeNetwork(), "Docker's default bridge");
    assertEquals(30, c.containers().defaultStopTimeoutSeconds(), "ECS_CONTAINER_STOP_TIMEOUT's default");
    assertEquals(Path.of("/dev"), c.gpuDevRoot());
    assertEquals(false, c.jetsonRuntime());
  }

  @Test
  void everyFlag() {
    AgentConfig c = parse("--device-id", "jetson-1", "--broker", "tcp://127.0.0.1:1999",
        "--data-dir", "/tmp/x", "--attribute", "store=7", "--attribute", "zone=b", "--arch",
        "aarch64", "--gpus", "1", "--gpu-runtime", "nvidia", "--cpus", "6", "--memory-mib",
        "8192", "--heartbeat-interval", "2", "--reconcile-interval", "250", "--docker-host",
        "tcp://127.0.0.1:2375", "--hub-signing-key", "/tmp/hub.pem", "--bridge-network",
        "store-net", "--stop-timeout", "5", "--env-file-dir", "/srv/env");
    assertEquals(new AgentConfig("jetson-1", "tcp://127.0.0.1:1999", Path.of("/tmp/x"),
        Map.of("store", "7", "zone", "b"), "arm64", 1, "nvidia", 6, 8192,
        Duration.ofSeconds(2), Duration.ofMillis(250), "tcp://127.0.0.1:2375",
        Path.of("/tmp/hub.pem"), new RuntimeOptions("store-net", 5, GpuAttachment.NONE, List.of(),
            Path.of("/srv/env")), Path.of("/dev"), false),
        c);
  }

  @Test
  void envFileDir_defaultsToEtcBackroom() {
    assertEquals(Path.of("/etc/backroom/env-files"), parse("--device-id", "d").containers().envFileDir());
  }

  @Test
  void jetsonFlags() {
    AgentConfig c = parse("--device-id", "j", "--gpus", "1", "--gpu-runtime", "jetson",
        "--jetson-runtime", "--gpu-dev-root", "/tmp/fake-dev");
    assertEquals("jetson", c.gpuRuntime());
    assertTrue(c.jetsonRuntime());
    assertEquals(Path.of("/tmp/fake-dev"), c.gpuDevRoot());
  }

  @Test
  void withoutAPinnedHubSigningKey_theAgentDoesNotStart(@TempDir Path data) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.run("--device-id", "unpinned", "--data-dir",
          data.toString(), "--docker-host", "unix:///nonexistent.sock");
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, exit);
    String msg = err.toString(StandardCharsets.UTF_8);
    assertTrue(msg.contains("no hub signing key at " + data.resolve("hub-signing-key.pem"))
        && msg.contains("--hub-signing-key"), msg);
  }

  @Test
  void attributeMayOverrideTheArchitecture() {
    AgentConfig c = parse("--device-id", "d", "--attribute", "ecs.cpu-architecture=arm64");
    assertEquals("arm64", CapabilitiesFactory.of(c).arch());
    assertEquals("arm64", CapabilitiesFactory.of(c).attributes().get("ecs.cpu-architecture"));
  }

  @Test
  void capabilitiesCarryTheBuiltInAttributes() {
    var caps = CapabilitiesFactory.of(parse("--device-id", "d1", "--gpus", "2", "--arch",
        "x86_64", "--cpus", "3", "--memory-mib", "100"));
    assertEquals(Map.of("ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux",
        "backroom.device-id", "d1", "backroom.gpu-count", "2"), caps.attributes());
    assertEquals(3, caps.cpus());
    assertEquals(100, caps.memoryMiB());
    assertEquals("linux", caps.osType());
  }

  @Test
  void badValuesAreRefused() {
    assertThrows(Flags.UsageException.class, () -> parse("--device-id", "a/b"));
    assertThrows(Flags.UsageException.class,
        () -> parse("--device-id", "a", "--gpu-runtime", "rocm"));
    var noJetson = assertThrows(Flags.UsageException.class,
        () -> parse("--device-id", "a", "--jetson-runtime"));
    assertTrue(noJetson.getMessage().contains("--jetson-runtime needs --gpu-runtime jetson"),
        noJetson.getMessage());
    var negative = assertThrows(Flags.UsageException.class,
        () -> parse("--device-id", "a", "--stop-timeout", "-1"));
    assertTrue(negative.getMessage().contains("--stop-timeout >= 0"), negative.getMessage());
    assertThrows(Flags.UsageException.class, () -> parse());
    assertThrows(Flags.UsageException.class, () -> parse("--device-id", "a", "--gpus", "two"));
    assertThrows(Flags.UsageException.class, () -> parse("--device-id", "a", "--attribute", "k"));
    assertThrows(Flags.UsageException.class, () -> parse("--device-id", "a", "--nope"));
    assertThrows(Flags.UsageException.class, () -> parse("--device-id", "a", "--device-id", "b"));
    assertThrows(Flags.UsageException.class, () -> parse("--device-id"));
  }

  @Test
  void equalsFormAndSwitches() {
    AgentConfig c = parse("--device-id=d", "--gpus=2", "--gpu-runtime=jetson", "--jetson-runtime",
        "--attribute=k=v=w");
    assertEquals("d", c.deviceId());
    assertEquals(2, c.gpus());
    assertTrue(c.jetsonRuntime());
    assertEquals(Map.of("k", "v=w"), c.attributes());
    assertThrows(Flags.UsageException.class,
        () -> parse("--device-id", "d", "--jetson-runtime=true"));
  }

  @Test
  void helpListsEveryFlagAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.run("--help");
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, exit);
    String help = out.toString(StandardCharsets.UTF_8);
    for (Flags.Flag f : Main.FLAGS) {
      assertTrue(help.contains(f.name()), f.name() + " missing from:\n" + help);
    }
  }
}
