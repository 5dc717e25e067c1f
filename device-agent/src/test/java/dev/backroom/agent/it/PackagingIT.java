package dev.backroom.agent.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the packaged agent: a lean lib/ and a jar that runs with {@code java -jar}. */
class PackagingIT {
  private static final Path JAR = Path.of(System.getProperty("agent.jar",
      "target/backroom-agent.jar"));
  private static final Path LIB = Path.of(System.getProperty("agent.lib.dir", "target/lib"));

  @Test
  void libHoldsNoBrokerAndNoNetty() throws IOException {
    assertTrue(Files.isDirectory(LIB), LIB + " exists");
    List<String> jars;
    try (Stream<Path> s = Files.list(LIB)) {
      jars = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("docker-java-core")), jars.toString());
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("org.eclipse.paho")), jars.toString());
    List<String> forbidden = jars.stream()
        .filter(j -> j.contains("moquette") || j.startsWith("netty") || j.contains("junit")
            || j.startsWith("h2-"))
        .toList();
    assertEquals(List.of(), forbidden, "the agent must not ship the broker or test libraries");
  }

  @Test
  void manifestNamesMainClassAndLibClassPath() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      var attrs = jar.getManifest().getMainAttributes();
      assertEquals("dev.backroom.agent.Main", attrs.getValue("Main-Class"));
      String cp = attrs.getValue("Class-Path");
      assertTrue(cp.contains("lib/docker-java-core-3.7.1.jar"), cp);
      for (String entry : cp.split(" ")) {
        assertTrue(Files.exists(JAR.getParent().resolve(entry)), entry + " is in target/lib");
      }
    }
  }

  @Test
  void helpListsEveryFlag() throws Exception {
    Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "--help")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    for (String flag : List.of("--device-id", "--broker", "--data-dir", "--attribute", "--arch",
        "--gpus", "--gpu-runtime", "--cpus", "--memory-mib", "--heartbeat-interval",
        "--reconcile-interval", "--docker-host", "--hub-signing-key", "--bridge-network",
        "--stop-timeout", "--jetson-runtime", "--gpu-dev-root")) {
      assertTrue(out.contains(flag), flag + " missing from:\n" + out);
    }
  }

  @Test
  void invalidDeviceIdIsRefused() throws Exception {
    Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "--device-id", "a/b#")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("invalid --device-id"), out);
  }

  @Test
  void withoutAPinnedHubSigningKey_theJarRefusesToStart(@TempDir Path data) throws Exception {
    Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "--device-id", "unpinned",
        "--data-dir", data.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("no hub signing key at") && out.contains("backroom agent register"),
        out);
  }

  @Test
  void jarConnectsAndAnnouncesItself(@TempDir Path data) throws Exception {
    DockerSupport.requireDocker().close();
    String id = "jar-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestHub hub = new TestHub().start()) {
      Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "--device-id", id,
          "--broker", hub.uri(), "--data-dir", data.toString(), "--arch", "aarch64",
          "--gpus", "2", "--attribute", "store=42",
          "--hub-signing-key", hub.signingKeyFile().toString())
          .redirectErrorStream(true).redirectOutput(data.resolve("agent.log").toFile()).start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.capabilities.containsKey(id)
            && hub.status.containsKey(id));
        var caps = hub.capabilities.get(id);
        assertEquals("arm64", caps.arch());
        assertEquals(2, caps.gpus());
        assertEquals("42", caps.attributes().get("store"));
        assertEquals("arm64", caps.attributes().get("ecs.cpu-architecture"));
        assertEquals("2", caps.attributes().get("backroom.gpu-count"));
        assertEquals("online", hub.lifecycle.get(id).state());
      } finally {
        p.destroy(); // SIGTERM: the shutdown hook says offline and disconnects
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
      }
      await().atMost(Duration.ofSeconds(10)).until(() ->
          "offline".equals(hub.lifecycle.get(id).state()));
      String log = Files.readString(data.resolve("agent.log"));
      assertFalse(log.contains("Exception in thread"), log);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
