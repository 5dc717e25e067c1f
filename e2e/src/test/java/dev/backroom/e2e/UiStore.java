package dev.backroom.e2e;

import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.TcpProxy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The store the UI tests look at: a real hub enrolled with a real cloud through a cuttable link,
 * two real agents on the real Docker engine, a service "till" of three tasks that print a tick a
 * second, and chromium pointed at the hub. Shared by TroubleshootingUiIT and TaskPagesUiIT.
 */
final class UiStore implements AutoCloseable {
  static final Duration CONVERGE = Duration.ofSeconds(45);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store = "ui-" + run;
  final String deviceA = "till-a-" + run;
  final String deviceB = "till-b-" + run;
  final List<AgentProcess> agents = new ArrayList<>();
  Path dir;
  DockerEngine docker;
  CloudProcess cloud;
  TcpProxy link;
  HubProcess hub;
  UiBrowser ui;
  String origin;

  /** Starts it all; on a failure what was started is stopped again. */
  static UiStore start() {
    UiStore s = new UiStore();
    try {
      s.startAll();
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  private void startAll() {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = SyncSupport.runDir("ui-" + run);
    cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2());
    link = TcpProxy.start(cloud.httpPort());
    cloud.createStore(store, Map.of());
    Enrollment.enroll(cloud, link.url(), store, dir.resolve("hub"));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(), SyncSupport.fastSyncHub());
    for (String d : List.of(deviceA, deviceB)) {
      agents.add(AgentProcess.start(AgentProcess.Device.nuc(d), hub, dir.resolve(d)));
    }
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 2);
    hub.api().post("/api/v1/task-definitions", """
        {"family":"till","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,
         "command":["sh","-c","i=0; while true; i=$((i+1)); do echo till-tick-$i; sleep 1; done"]}]}
        """).expect(201);
    hub.api().post("/api/v1/services",
        "{\"serviceName\":\"till\",\"taskDefinition\":\"till\",\"desiredCount\":3}").expect(201);
    await().atMost(CONVERGE).until(() -> tills().size() == 3
        && tills().stream().allMatch(t -> "RUNNING".equals(t.path("lastStatus").asText())));
    await().atMost(CONVERGE).until(() -> SyncSupport.syncStatus(hub).path("lastUpstreamAt").isTextual());
    origin = hub.baseUrl();
    // The hub is HTTPS with the store's own CA: chromium is given its server key's pin
    ui = new UiBrowser(origin, hub.tls()
        ? UiBrowser.spkiPin(hub.caFile().resolveSibling("server.pem")) : null);
  }

  /** The till service's tasks as the API lists them. */
  List<JsonNode> tills() {
    List<JsonNode> out = new ArrayList<>();
    hub.api().get("/api/v1/tasks?serviceName=till").json().forEach(out::add);
    return out;
  }

  /** The id of the container Docker runs for a task. */
  String dockerContainerOf(String task) {
    return docker.running(Map.of("backroom.task-id", task)).get(0).getId();
  }

  @Override
  public void close() {
    if (ui != null) {
      ui.close();
    }
    for (AgentProcess a : agents) {
      a.stop();
    }
    for (ManagedProcess p : new ManagedProcess[] {hub, cloud}) {
      if (p != null) {
        p.stop();
      }
    }
    if (link != null) {
      link.close();
    }
    if (docker != null) {
      docker.removeDeviceContainers(deviceA);
      docker.removeDeviceContainers(deviceB);
      docker.close();
    }
  }
}
