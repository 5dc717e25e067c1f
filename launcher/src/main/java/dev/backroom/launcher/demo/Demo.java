package dev.backroom.launcher.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.backroom.config.json.Json;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubAuth;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.launcher.JavaOptions;
import dev.backroom.launcher.enroll.HubEnrollCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's steps, on the harness the tests use: each part is the real packaged program as its
 * own process. Kept state (tokens, the hub's identity, the agent's credential) makes a second
 * run talk to the same cloud and hub.
 */
final class Demo {
  static final String STORE = "demo-store";
  static final String DEVICE = "demo-device-1";
  /** The bridge-mode network the demo's agent uses when the engine has no default bridge. */
  static final String BRIDGE_NETWORK = "backroom-bridge";

  record Ports(int http, int mqtt, int telemetry, int cloud) {}

  private final Path data;
  private final Ports ports;
  private final boolean insecure;
  private final Map<String, String> env;
  /** Stopped in reverse order of start: agent, hub, cloud. */
  private final List<ManagedProcess> started = new ArrayList<>();
  /** The parts by name, for supervision and restarts. */
  private final Map<String, ManagedProcess> parts = new java.util.LinkedHashMap<>();
  private final DemoControl control;
  private volatile boolean stopping;

  Demo(Path data, Ports ports, boolean insecure, Map<String, String> env) {
    this.data = data;
    this.ports = ports;
    this.insecure = insecure;
    this.env = env;
    this.control = new DemoControl(data);
  }

  int run() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "demo-stop"));
    try {
      Files.createDirectories(data);
      control.open(ProcessHandle.current().pid());
      String bridge = engineReady();
      CloudProcess cloud = startCloud();
      enrollHub(cloud);
      HubProcess hub = startHub();
      Path agentDir = data.resolve("agent-" + DEVICE);
      if (Files.exists(agentDir.resolve("device-credential.json"))) {
        log("agent " + DEVICE + " already registered (" + agentDir.resolve("device-credential.json") + ")");
      } else {
        log("registering agent " + DEVICE + " with a device activation of the hub");
        DeviceRegistration.registerAgent(hub, DEVICE, agentDir);
      }
      log("starting agent " + DEVICE + " (log " + data.resolve("agent.log")
          + "; bridge-mode tasks on " + bridge + ")");
      AgentProcess agent = AgentProcess.start(DEVICE, JavaOptions.agent(env),
          JavaOptions.agentEnvironment(env), List.of(
          "--device-id", DEVICE, "--broker", hub.brokerUri(), "--data-dir", agentDir.toString(),
          "--bridge-network", bridge), data.resolve("agent.log"));
      started.add(agent);
      part("agent", agent);
      System.out.print(DemoBanner.text(data, hub, cloud, STORE, ports.telemetry(),
          DockerEngine.host()));
      System.out.flush();
      return supervise();
    } catch (IOException e) {
      return fail(e.toString());
    } catch (RuntimeException e) {
      return fail(e.getMessage());
    }
  }

  /** Checks the engine and the image, and picks the network for bridge-mode tasks. */
  private String engineReady() {
    try (DockerEngine docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE)) {
      // The engine's default bridge when it has one; else an internal network, because a
      // private engine leaves the host's network alone (no NAT, no iptables): containers on it
      // reach each other but nothing off the machine.
      try {
        docker.client().inspectNetworkCmd().withNetworkId("bridge").exec();
        return "bridge";
      } catch (NotFoundException e) {
        try {
          docker.client().inspectNetworkCmd().withNetworkId(BRIDGE_NETWORK).exec();
        } catch (NotFoundException missing) {
          docker.client().createNetworkCmd().withName(BRIDGE_NETWORK).withInternal(true).exec();
          log("created the internal network " + BRIDGE_NETWORK + " for bridge-mode tasks");
        }
        return BRIDGE_NETWORK;
      }
    }
  }

  private CloudProcess startCloud() throws IOException {
    String token = secret(data.resolve("cloud-admin-token"), 24);
    log("starting the cloud (log " + data.resolve("cloud.log") + ")");
    CloudProcess cloud = CloudProcess.start(data.resolve("cloud"), CloudProcess.Db.h2(), token,
        Map.of(), JavaOptions.cloud(env), ports.cloud(), data.resolve("cloud.log"));
    started.add(cloud);
    part("cloud", cloud);
    log("cloud ready");
    return cloud;
  }

  /** Creates the demo store if missing and enrols the hub once: a kept identity stays valid. */
  private void enrollHub(CloudProcess cloud) {
    if (cloud.api().status("/api/v1/stores/" + STORE) != 200) {
      ObjectNode store = Json.mapper().createObjectNode().put("id", STORE).put("name", "Demo store");
      store.putObject("labels").put("region", "demo");
      cloud.api().post("/api/v1/stores", store.toString()).expect(201);
    }
    Path hubData = data.resolve("hub");
    if (Files.exists(hubData.resolve("cloud-identity.json"))) {
      log("hub already enrolled (" + hubData.resolve("cloud-identity.json") + ")");
      return;
    }
    CloudProcess.Activation a = cloud.createActivation(STORE, 600, 1);
    log("enrolling the hub with activation " + a.activationId());
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int exit = HubEnrollCommand.enroll(URI.create(cloud.url()), a.activationId(),
        a.activationCode(), hubData, "demo-hub", err, err);
    if (exit != HubEnrollCommand.OK) {
      throw new IllegalStateException("enrolment failed (exit " + exit + ")");
    }
  }

  private HubProcess startHub() throws IOException {
    HubAuth auth = new HubAuth(secret(data.resolve("hub-admin-password"), 16),
        secret(data.resolve("hub-admin-token"), 16));
    Map<String, String> extra = new TreeMap<>();
    Map<String, String> hubEnv = new TreeMap<>(JavaOptions.hubEnvironment(env));
    hubEnv.put("BACKROOM_AUTH_ENABLED", Boolean.toString(!insecure));
    if (insecure) {
      log("WARNING: --insecure: hub authentication is OFF; anyone reaching port " + ports.http()
          + " is an admin");
      log("INSECURE: the hub's MQTT listeners accept anonymous clients and every link is plain"
          + " (--insecure)");
      extra.put("backroom.mqtt.allow-anonymous", "true");
      extra.put("backroom.tls.enabled", "false");
    }
    log("starting the hub (log " + data.resolve("hub.log") + ")");
    HubProcess hub = HubProcess.start(new HubProcess.Setup(data.resolve("hub"),
        data.resolve("hub.log"), ports.http(), null, ports.mqtt(), ports.telemetry(), auth,
        JavaOptions.hub(env), extra, hubEnv));
    started.add(hub);
    part("hub", hub);
    log("hub ready");
    return hub;
  }

  private void part(String name, ManagedProcess p) {
    parts.put(name, p);
    control.started(name, p.process().pid());
  }

  /**
   * Until Ctrl-C (the shutdown hook stops everything). A part that dies is reported and the
   * others keep running, containers included: a demo is where people try failures ("kill the
   * hub, nothing restarts"), and {@code ./backroom demo restart PART} brings it back.
   */
  private int supervise() {
    java.util.Set<String> reported = new java.util.HashSet<>();
    while (!stopping) {
      for (Map.Entry<String, ManagedProcess> e : parts.entrySet()) {
        String name = e.getKey();
        ManagedProcess p = e.getValue();
        if (!p.isAlive() && !stopping && reported.add(name)) {
          log("the " + name + " exited (code " + p.process().exitValue() + "; log " + p.log()
              + "); the other parts keep running. Bring it back: ./backroom demo restart "
              + name + dataDirFlag());
        }
        if (control.takeRequest(name)) {
          control.answer(name, restart(name, p));
          reported.remove(name);
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    return 0;
  }

  /** Stops {@code p} if it runs and starts it again on the same ports and data; says how it went. */
  private String restart(String name, ManagedProcess p) {
    try {
      boolean wasAlive = p.isAlive();
      log((wasAlive ? "restarting the " : "starting the ") + name + " again (asked by ./backroom demo restart)");
      if (wasAlive) {
        p.stop();
      }
      if (p instanceof HubProcess hub) {
        hub.startAgain();
      } else if (p instanceof CloudProcess cloud) {
        cloud.startAgain();
      } else {
        p.start();
      }
      control.started(name, p.process().pid());
      String done = "ok: the " + name + " " + (wasAlive ? "restarted" : "started again")
          + " (pid " + p.process().pid() + ")";
      log(done);
      return done;
    } catch (RuntimeException e) {
      log("the " + name + " did not start: " + e.getMessage());
      return "failed: the " + name + " did not start: " + e.getMessage();
    }
  }

  private String dataDirFlag() {
    return data.equals(dev.backroom.harness.Repo.root().resolve("data").toAbsolutePath()) ? ""
        : " --data-dir " + data;
  }

  private void stopAll() {
    stopping = true;
    for (int i = started.size() - 1; i >= 0; i--) {
      ManagedProcess p = started.get(i);
      if (p.isAlive()) {
        log("stopping " + p.name() + " (pid " + p.process().pid() + ")");
        p.stop();
      }
    }
  }

  /** A random hex secret kept in FILE (mode 0600), made on the first run. */
  static String secret(Path file, int bytes) throws IOException {
    if (Files.exists(file) && Files.size(file) > 0) {
      return Files.readString(file).trim();
    }
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    String s = HexFormat.of().formatHex(b);
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, s);
    return s;
  }

  private int fail(String message) {
    log("demo: " + message);
    return 1;
  }

  static void log(String message) {
    System.err.println("backroom: " + message);
  }
}
