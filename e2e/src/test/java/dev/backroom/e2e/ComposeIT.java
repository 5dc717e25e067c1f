package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.config.json.Json;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ./backroom compose up} and {@code down} for real: the packaged launcher sends a
 * three-service Compose file (web depends on db, so they share a task; worker alone) with an
 * env file, a {@code .env} and a variable from its own environment to a real hub (TLS, auth),
 * one agent runs it on the real Docker engine, and down removes the containers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeIT {
  static final Duration CONVERGE = Duration.ofSeconds(90);
  static final String FILE = """
      services:
        web:
          image: backroom/busybox:1
          command: ["sh", "-c", "echo $$GREETING; sleep 3600"]
          environment:
            GREETING: ${GREETING:-hello}
            PORT: ${PORT:-8080}
            NAP: ${NAP}
          env_file: ./web.env
          depends_on:
            db: {condition: service_started}
          mem_limit: 32m
          network_mode: host
        db:
          image: backroom/busybox:1
          command: sleep 3600
          mem_limit: 32m
          network_mode: host
        worker:
          image: backroom/busybox:1
          command: sleep ${NAP:-1}
          mem_limit: 16m
          network_mode: none
      """;

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String device = "compose-" + run;
  final String project = "c" + run;
  Path dir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess agent;

  @BeforeAll
  void start() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/compose-" + run));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of());
    agent = AgentProcess.start(AgentProcess.Device.nuc(device), hub, dir.resolve(device));
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 1);
  }

  @AfterAll
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {agent, hub}) {
      if (p != null) {
        p.stop();
      }
    }
    if (docker != null) {
      docker.removeDeviceContainers(device);
      docker.close();
    }
  }

  @Test
  void up_runsEveryServiceAsWritten_andDownRemovesThem() throws Exception {
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.writeString(app.resolve("docker-compose.yml"), FILE);
    Files.writeString(app.resolve("web.env"), "FROM_FILE=\"yes, quoted\"\n");
    Files.writeString(app.resolve(".env"), "NAP=3601\nGREETING=from-dotenv\n");

    Result up = launcher("compose", "up", "-f", app.resolve("docker-compose.yml").toString(),
        "--project", project);
    assertEquals(0, up.code(), up.toString());
    JsonNode answer = Json.mapper().readTree(up.out());
    assertEquals("[\"" + project + "-web\",\"" + project + "-worker\"]",
        answer.get("services").toString(), up.out());

    await().atMost(CONVERGE).untilAsserted(() -> {
      Map<String, Container> byName = running();
      assertEquals(List.of("db", "web", "worker"), byName.keySet().stream().sorted().toList(),
          "running: " + byName.keySet());
      assertEquals(label(byName.get("web"), "backroom.task-id"),
          label(byName.get("db"), "backroom.task-id"), "web and db share one task");
      assertTrue(!label(byName.get("web"), "backroom.task-id").equals(
          label(byName.get("worker"), "backroom.task-id")), "worker is a task of its own");
    });
    Map<String, Container> byName = running();
    var web = docker.client().inspectContainerCmd(byName.get("web").getId()).exec().getConfig();
    List<String> env = List.of(web.getEnv());
    assertTrue(env.contains("GREETING=from-shell"), "the shell wins over .env: " + env);
    assertTrue(env.contains("PORT=8080"), "${PORT:-8080} took its default: " + env);
    assertTrue(env.contains("NAP=3601"), ".env fills ${NAP}: " + env);
    assertTrue(env.contains("FROM_FILE=yes, quoted"), "the env_file, unquoted: " + env);
    assertEquals(List.of("sh", "-c", "echo $GREETING; sleep 3600"), List.of(web.getCmd()),
        "$$ is a literal $");
    assertEquals(List.of("sleep", "3601"), List.of(docker.client().inspectContainerCmd(
        byName.get("worker").getId()).exec().getConfig().getCmd()), ".env fills ${NAP:-1}");

    Result down = launcher("compose", "down", "--project", project);
    assertEquals(0, down.code(), down.toString());
    assertTrue(down.out().contains(project + "-web") && down.out().contains(project + "-worker"),
        down.out());
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals(Map.of(), running()));
    hub.api().get("/api/v1/compose/" + project).expect(404);
    Result again = launcher("compose", "down", "--project", project);
    assertEquals(2, again.code(), again.toString());
  }

  record Result(int code, String out, String err) {}

  /** The packaged launcher, as ./backroom runs it, with GREETING in its environment. */
  private Result launcher(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Repo.java(), "-Dbackroom.repo=" + Repo.root(),
        "-jar", Repo.launcherJar().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--hub", hub.baseUrl(), "--ca-file", hub.caFile().toString(),
        "--token", hub.adminToken()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("GREETING", "from-shell");
    pb.environment().remove("COMPOSE_PROJECT_NAME");
    pb.environment().remove("NAP");
    pb.environment().remove("PORT");
    Path out = dir.resolve("launcher.out");
    Path err = dir.resolve("launcher.err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the launcher did not finish in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The device's running containers by their container name. */
  private Map<String, Container> running() {
    return docker.running(Map.of("backroom.device-id", device)).stream()
        .collect(Collectors.toMap(c -> label(c, "backroom.container"), c -> c));
  }

  private static String label(Container c, String key) {
    return c.getLabels().get(key);
  }
}
