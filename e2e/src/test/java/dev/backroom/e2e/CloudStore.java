package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.EcsPipeline;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A chain as the cloud ECS tests need it: a real cloud process, one store created with
 * {@code labels} and enrolled, its hub (syncing every few seconds) and one agent on the real
 * Docker engine, and pipelines that sign with the cloud's access keys and run the real AWS CLI.
 */
final class CloudStore implements AutoCloseable {
  static final Duration CONVERGE = Duration.ofSeconds(90);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store = "store-" + run;
  final String device = "nuc-" + run;
  final Path dir;
  DockerEngine docker;
  CloudProcess cloud;
  HubProcess hub;
  AgentProcess agent;

  private CloudStore(String name) throws IOException {
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/" + name + "-" + run));
  }

  /** Starts everything, or stops what it started and throws. */
  static CloudStore start(String name, Map<String, String> labels) throws IOException {
    CloudStore s = new CloudStore(name);
    try {
      s.docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
      s.cloud = CloudProcess.start(s.dir.resolve("cloud"), CloudProcess.Db.h2());
      s.cloud.createStore(s.store, labels);
      Enrollment.enroll(s.cloud, s.cloud.url(), s.store, s.dir.resolve("hub"));
      s.hub = HubProcess.start(s.dir.resolve("hub"), null, Map.of(), SyncSupport.fastSyncHub());
      s.agent = AgentProcess.start(AgentProcess.Device.nuc(s.device), s.hub,
          s.dir.resolve(s.device));
      await().atMost(CONVERGE).until(() -> s.hub.api().get("/api/v1/devices").json().size() == 1);
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** A pipeline signing with a new access key of {@code role} against the cloud's /ecs. */
  EcsPipeline pipeline(String role) {
    JsonNode k = cloud.api().post("/api/v1/access-keys",
        "{\"role\":\"" + role + "\",\"description\":\"chain CI\"}").expect(201).json();
    return new EcsPipeline(cloud.url() + "/ecs", null, new EcsPipeline.Key(
        k.get("accessKeyId").asText(), k.get("secretAccessKey").asText()),
        dir.resolve("ci-" + k.get("accessKeyId").asText()));
  }

  /** The ECS JSON of {@code e2e/src/test/resources/ecs/web-taskdef.json} as {@code family}. */
  static String webTaskDefinition(String family) throws IOException {
    return Files.readString(Repo.root().resolve("e2e/src/test/resources/ecs/web-taskdef.json"))
        .replace("FAMILY", family);
  }

  @Override
  public void close() {
    for (ManagedProcess p : new ManagedProcess[] {agent, hub, cloud}) {
      if (p != null) {
        p.stop();
      }
    }
    if (docker != null) {
      docker.removeDeviceContainers(device);
      docker.close();
    }
  }
}
