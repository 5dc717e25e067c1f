package dev.backroom.launcher.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.HubProcess;
import dev.backroom.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backroom hub activation create} against a real hub (the packaged jar, TLS and auth on):
 * the hub's answer is printed as it is, a refusal exits 2 with the hub's reason.
 */
class ActivationCreateIT {
  @TempDir static Path dir;
  static HubProcess hub;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startHub() {
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of());
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.stop();
    }
  }

  private int create(String... flags) {
    String[] all = new String[flags.length + 7];
    System.arraycopy(new String[] {"hub", "activation", "create", "--hub", hub.baseUrl(),
        "--ca-file", hub.caFile().toString()}, 0, all, 0, 7);
    System.arraycopy(flags, 0, all, 7, flags.length);
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all);
  }

  @Test
  void createsAnActivationAndPrintsTheHubsAnswer() throws Exception {
    assertEquals(0, create("--token", hub.adminToken(), "--max-uses", "2", "--expires-in", "300",
        "--note", "till 2"), err.toString());
    JsonNode a = Json.mapper().readTree(out.toString());
    assertTrue(a.path("activationId").asText().length() > 0, out.toString());
    assertTrue(a.path("activationCode").asText().length() > 0, out.toString());
    assertTrue(a.path("caFingerprint").asText().startsWith("sha256:"), out.toString());
    assertEquals(2, a.path("maxUses").asInt(), out.toString());
    // The hub knows it now: the code registers a device.
    hub.api().post("/api/v1/device-registrations", "{\"activationId\":\""
        + a.get("activationId").asText() + "\",\"activationCode\":\""
        + a.get("activationCode").asText() + "\",\"deviceId\":\"launcher-it-1\"}").expect(201);
  }

  @Test
  void withoutAnAdminTokenTheHubRefusesAndTheCommandExitsTwo() {
    assertEquals(2, create("--token", "not-a-token"));
    assertTrue(err.toString().contains("the hub refused (HTTP 401)"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void aNoteTheHubRefusesExitsTwoWithTheHubsReason() {
    assertEquals(2, create("--token", hub.adminToken(), "--note", "x".repeat(1025)));
    assertTrue(err.toString().contains("the hub refused (HTTP 400)"), err.toString());
    assertTrue(err.toString().contains("\"error\""), err.toString());
  }

  @Test
  void aCaThatDidNotSignTheHubIsNotTrusted() {
    HubProcess other = HubProcess.start(dir.resolve("other"), null, Map.of());
    try {
      String[] args = {"hub", "activation", "create", "--hub", hub.baseUrl(), "--ca-file",
          other.caFile().toString(), "--token", hub.adminToken()};
      assertEquals(1, Main.commandLine().setOut(new PrintWriter(out, true))
          .setErr(new PrintWriter(err, true)).execute(args));
      assertTrue(err.toString().contains("is --ca-file this hub's store CA"), err.toString());
      assertEquals("", out.toString());
    } finally {
      other.stop();
    }
  }
}
