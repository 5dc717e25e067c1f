package dev.backroom.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Enrols devices with a hub the way a store does: an activation through the hub's API, then the
 * agent's own {@code register} command (or, for a test that only needs a workload credential,
 * the registration API directly).
 */
public final class DeviceRegistration {
  private DeviceRegistration() {}

  /** What the hub handed out; the workload half is for telemetry publishers. */
  public record Credential(String deviceId, String username, String password,
      String workloadUsername, String workloadPassword) {}

  /** A fresh activation: {activationId, activationCode, expiresAt, maxUses}. */
  public static JsonNode activation(HubApi api, int maxUses, long expiresInSeconds) {
    return api.post("/api/v1/device-activations", "{\"maxUses\":" + maxUses
        + ",\"expiresInSeconds\":" + expiresInSeconds + "}").expect(201).json();
  }

  /** Registers {@code deviceId} through the API and returns its credential. */
  public static Credential register(HubApi api, String deviceId) {
    JsonNode a = activation(api, 1, 600);
    JsonNode r = api.post("/api/v1/device-registrations", "{\"activationId\":\""
        + a.get("activationId").asText() + "\",\"activationCode\":\""
        + a.get("activationCode").asText() + "\",\"deviceId\":\"" + deviceId + "\"}")
        .expect(201).json();
    return new Credential(deviceId, r.get("username").asText(), r.get("password").asText(),
        r.get("workloadUsername").asText(), r.get("workloadPassword").asText());
  }

  /**
   * Runs {@code backroom-agent register} for the agent's data directory unless a credential is
   * there already (an agent restarted on its data keeps its credential, as on a real device).
   */
  public static void registerAgent(HubProcess hub, String deviceId, Path dataDir) {
    if (Files.exists(dataDir.resolve("device-credential.json"))) {
      return;
    }
    JsonNode a = activation(hub.api(), 1, 600);
    List<String> cmd = new java.util.ArrayList<>(List.of(Repo.java(), "-Xmx64m", "-jar",
        Repo.agentJar().toString(), "register", "--hub", hub.baseUrl(), "--activation-id",
        a.get("activationId").asText(), "--activation-code", a.get("activationCode").asText(),
        "--device-id", deviceId, "--data-dir", dataDir.toAbsolutePath().toString()));
    if (hub.tls()) {
      // As an installer would: the pin printed next to the activation, not the CA file.
      cmd.addAll(List.of("--ca-fingerprint", a.get("caFingerprint").asText()));
    }
    Command.run(cmd, 60).expectExit(0);
  }
}
