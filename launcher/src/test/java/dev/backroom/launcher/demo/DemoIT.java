package dev.backroom.launcher.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubApi;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backroom demo} as a person runs it, through the launcher jar: a cloud, an enrolled hub
 * and one agent on the Docker engine of DOCKER_HOST. A service created with the printed token
 * and CA gets a running container; a killed hub is reported while the rest (and the container)
 * keeps running, and {@code demo restart hub} brings it back; SIGTERM (as Ctrl-C would) stops
 * every part.
 */
class DemoIT {
  @TempDir Path data;
  private Process demo;
  private DockerEngine docker;
  private boolean networkWasThere;

  @AfterEach
  void stop() throws Exception {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (docker != null) {
      docker.removeDeviceContainers(Demo.DEVICE);
      if (!networkWasThere) {
        try {
          docker.client().removeNetworkCmd(Demo.BRIDGE_NETWORK).exec();
        } catch (NotFoundException e) {
          // the engine has a default bridge: the demo made no network
        }
      }
      docker.close();
    }
  }

  @Test
  void demoRunsAServiceAndStopsEverythingOnSigterm() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    networkWasThere = exists(Demo.BRIDGE_NETWORK);
    int http = Ports.free();
    int mqtt = Ports.free();
    int telemetry = Ports.free();
    int cloud = Ports.free();
    Path out = data.resolve("demo.out");
    Path err = data.resolve("demo.err");
    demo = new ProcessBuilder(List.of(Repo.java(), "-jar", Repo.launcherJar().toString(), "demo",
        "--data-dir", data.toString(), "--http-port", "" + http, "--mqtt-port", "" + mqtt,
        "--telemetry-port", "" + telemetry, "--cloud-port", "" + cloud))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
      assertTrue(demo.isAlive(), () -> "the demo exited: " + read(err));
      return read(out).contains("Press Ctrl-C to stop.");
    });
    String banner = read(out);
    String token = Files.readString(data.resolve("hub-admin-token")).trim();
    assertTrue(banner.contains("https://127.0.0.1:" + http + "/api/v1"), banner);
    assertTrue(banner.contains("Token:   " + token), banner);
    assertTrue(banner.contains("DOCKER_HOST=" + DockerEngine.host()), banner);
    assertTrue(Files.exists(data.resolve("hub/cloud-identity.json")), "the hub is enrolled");

    HubApi api = new HubApi("https://127.0.0.1:" + http, token, data.resolve("hub/tls/ca.pem"));
    String family = "launcher-demo-it-" + UUID.randomUUID().toString().substring(0, 8);
    api.post("/api/v1/task-definitions", """
        {"family": "%s", "networkMode": "none", "containerDefinitions": [{"name": "main",
         "image": "%s", "memory": 16, "command": ["sh", "-c", "sleep 600"]}]}
        """.formatted(family, DockerEngine.TEST_IMAGE)).expect(201);
    api.post("/api/v1/services", "{\"serviceName\": \"" + family + "\", \"taskDefinition\": \""
        + family + "\", \"desiredCount\": 1}").expect(201);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(1,
        docker.running(Map.of("backroom.device-id", Demo.DEVICE)).size()));

    // Kill the hub: the demo says so, the agent, the cloud and the container keep running.
    String container = docker.running(Map.of("backroom.device-id", Demo.DEVICE)).get(0).getId();
    long hubPid = Long.parseLong(Files.readString(data.resolve("demo-control/hub.pid")).trim());
    long agentPid = Long.parseLong(Files.readString(data.resolve("demo-control/agent.pid")).trim());
    long cloudPid = Long.parseLong(Files.readString(data.resolve("demo-control/cloud.pid")).trim());
    ProcessHandle.of(hubPid).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).until(() -> read(err).contains("the hub exited"));
    assertTrue(read(err).contains("./backroom demo restart hub --data-dir " + data), read(err));
    // Checked throughout 3 s, not once after a pause: the demo, the agent and the cloud live on.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertTrue(demo.isAlive(), "the demo keeps running: " + read(err));
      assertTrue(ProcessHandle.of(agentPid).map(ProcessHandle::isAlive).orElse(false), "agent");
      assertTrue(ProcessHandle.of(cloudPid).map(ProcessHandle::isAlive).orElse(false), "cloud");
    });
    assertEquals(List.of(container), docker.running(Map.of("backroom.device-id", Demo.DEVICE))
        .stream().map(c -> c.getId()).toList(), "the container runs on, untouched");

    Process restart = new ProcessBuilder(List.of(Repo.java(), "-jar",
        Repo.launcherJar().toString(), "demo", "restart", "hub", "--data-dir", data.toString()))
        .redirectErrorStream(true).start();
    assertTrue(restart.waitFor(180, TimeUnit.SECONDS), "demo restart hub answers");
    String said = new String(restart.getInputStream().readAllBytes());
    assertEquals(0, restart.exitValue(), said);
    assertTrue(said.contains("ok: the hub started again"), said);
    assertEquals(200, api.status("/q/health/ready"), "the hub is back");
    assertEquals(List.of(container), docker.running(Map.of("backroom.device-id", Demo.DEVICE))
        .stream().map(c -> c.getId()).toList(), "and restarted no container");
    Process unknown = new ProcessBuilder(List.of(Repo.java(), "-jar",
        Repo.launcherJar().toString(), "demo", "restart", "broker", "--data-dir", data.toString()))
        .redirectErrorStream(true).start();
    assertTrue(unknown.waitFor(60, TimeUnit.SECONDS));
    assertEquals(64, unknown.exitValue());

    demo.destroy();
    assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo stops on SIGTERM");
    assertEquals(143, demo.exitValue());
    String log = read(err);
    for (String part : List.of("stopping agent demo-device-1", "stopping hub", "stopping cloud")) {
      assertTrue(log.contains(part), log);
    }
    for (int port : List.of(http, mqtt, cloud)) {
      assertFalse(listening(port), "nothing listens on " + port + " after the demo stopped");
    }
  }

  private boolean exists(String network) {
    try {
      docker.client().inspectNetworkCmd().withNetworkId(network).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(Path f) {
    try {
      return Files.exists(f) ? Files.readString(f) : "";
    } catch (IOException e) {
      return "(cannot read " + f + ": " + e + ")";
    }
  }
}
