package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.Command;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubApi;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import dev.backroom.mqtt.tls.PinnedCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Encrypted links on the packaged hub and agent: the API is HTTPS only, an agent registered with
 * the store CA connects over TLS, one pinning another CA is refused at the handshake, and the CA
 * survives a hub restart (devices keep their pin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final String good = "tls-good-" + run;
  private final String pinnedElsewhere = "tls-foreign-" + run;
  private Path dir;
  private DockerEngine docker;
  private HubProcess hub;
  private AgentProcess goodAgent;
  private AgentProcess foreignAgent;

  @BeforeAll
  void start() throws Exception {
    docker = DockerEngine.connect();
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/TlsIT-" + run));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of());
  }

  @AfterAll
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {goodAgent, foreignAgent, hub}) {
      if (p != null) {
        p.stop();
      }
    }
    if (docker != null) {
      docker.removeDeviceContainers(good);
      docker.removeDeviceContainers(pinnedElsewhere);
      docker.close();
    }
  }

  private Command.Result register(String deviceId, Path data, String... pin) {
    JsonNode a = DeviceRegistration.activation(hub.api(), 1, 600);
    List<String> cmd = new java.util.ArrayList<>(List.of(Repo.java(), "-Xmx64m", "-jar",
        Repo.agentJar().toString(), "register", "--hub", hub.baseUrl(), "--activation-id",
        a.get("activationId").asText(), "--activation-code", a.get("activationCode").asText(),
        "--device-id", deviceId, "--data-dir", data.toString()));
    cmd.addAll(List.of(pin));
    return Command.run(cmd, 60);
  }

  private String status(String deviceId) {
    for (JsonNode d : hub.api().get("/api/v1/devices").expect(200).json()) {
      if (d.get("deviceId").asText().equals(deviceId)) {
        return d.get("status").asText();
      }
    }
    return "UNKNOWN";
  }

  @Test
  @Order(1)
  void api_isServedOverHttpsOnly() {
    assertTrue(hub.baseUrl().startsWith("https://"));
    assertEquals(200, hub.anonymousApi().status("/q/health/ready"));
    // the same port spoken to in plain HTTP gives no answer; nothing else serves the API
    assertEquals(-1, new HubApi("http://127.0.0.1:" + hub.httpPort()).status("/q/health/ready"));
  }

  @Test
  @Order(2)
  void registerWithoutPinOrWithWrongPin_isRefused() {
    Path data = dir.resolve("unpinned");
    Command.Result none = register("tls-nopin-" + run, data);
    assertEquals(2, none.exit(), none.stderr());
    assertTrue(none.stderr().contains("--ca-fingerprint"), none.stderr());
    Command.Result wrong = register("tls-wrongpin-" + run, data, "--ca-fingerprint",
        "sha256:" + "ab".repeat(32));
    assertEquals(2, wrong.exit(), wrong.stderr());
    assertTrue(wrong.stderr().contains("not trusted by the pinned CA"), wrong.stderr());
    assertTrue(!Files.exists(data.resolve("device-credential.json")), "nothing written");
  }

  @Test
  @Order(3)
  void agentWithThePinnedCa_connectsOverTls() throws Exception {
    Path data = dir.resolve(good);
    register(good, data, "--ca-file", hub.caFile().toString()).expectExit(0);
    assertEquals(PinnedCa.fromFile(hub.caFile()).fingerprint(),
        PinnedCa.fromFile(data.resolve("hub-ca.pem")).fingerprint());
    String cred = Files.readString(data.resolve("device-credential.json"));
    assertTrue(cred.contains("\"brokerUrl\" : \"ssl://"), cred);
    goodAgent = AgentProcess.start(AgentProcess.Device.nuc(good), hub.brokerUri(), data);
    await().atMost(CONVERGE).until(() -> status(good).equals("ACTIVE"));
  }

  @Test
  @Order(4)
  void agentPinningAnotherCa_isRefusedAtTheHandshake() throws Exception {
    Path data = dir.resolve(pinnedElsewhere);
    DeviceRegistration.registerAgent(hub, pinnedElsewhere, data);
    // Another store's CA in place of this one: the device trusts it and nothing else
    Path other = dir.resolve("other-ca");
    Files.createDirectories(other);
    Command.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=other store CA",
        "-keyout", other.resolve("key.pem").toString(), "-out",
        other.resolve("ca.pem").toString()), 30).expectExit(0);
    Files.copy(other.resolve("ca.pem"), data.resolve("hub-ca.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    foreignAgent = AgentProcess.start(AgentProcess.Device.nuc(pinnedElsewhere), hub.brokerUri(),
        data);
    await().atMost(CONVERGE).until(() -> foreignAgent.tail(200).contains("TLS handshake with"));
    String log = foreignAgent.tail(200);
    assertTrue(log.contains("pinned store CA"), log);
    assertTrue(foreignAgent.isAlive(), "it keeps retrying, it does not crash");
    assertEquals("UNKNOWN", status(pinnedElsewhere), "never connected, so never announced");
  }

  @Test
  @Order(5)
  void hubRestart_keepsTheCa_andPinnedAgentsReconnect() throws Exception {
    String before = PinnedCa.fromFile(hub.caFile()).fingerprint();
    hub.restart();
    assertEquals(before, PinnedCa.fromFile(hub.caFile()).fingerprint());
    assertEquals(before, DeviceRegistration.activation(hub.api(), 1, 60)
        .get("caFingerprint").asText());
    await().atMost(CONVERGE).until(() -> status(good).equals("ACTIVE"));
  }

  /**
   * Plain when asked, on the port asked: the Quarkus build records the TLS settings it saw as
   * runtime defaults in the jar (port 8080, the build machine's certificate paths), and a plain
   * hub must not pick them up.
   */
  @Test
  @Order(10)
  void plainHubWhenAskedExplicitly_servesPlainHttpOnItsOwnPort() {
    HubProcess plain = HubProcess.start(dir.resolve("plain-hub"), null,
        Map.of("backroom.tls.enabled", "false"));
    try {
      assertTrue(plain.baseUrl().startsWith("http://"), plain.baseUrl());
      assertEquals(200, plain.anonymousApi().status("/q/health/ready"));
    } finally {
      plain.stop();
    }
  }
}
