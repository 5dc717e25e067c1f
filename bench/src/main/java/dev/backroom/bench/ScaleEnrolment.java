package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.HubApi;
import dev.backroom.mqtt.tls.PinnedCa;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Enrols the simulated devices as a store would: one activation from the operator API for the
 * whole fleet (maxUses = devices, within the hub's limit of {@value #MAX_USES} per activation),
 * then one {@code POST /api/v1/device-registrations} per device, a few at a time. Each answer
 * carries the device's MQTT credential and the store CA, whose fingerprint must equal the
 * activation's {@code caFingerprint} (what an installer pins). Setup, not a measured figure:
 * the hub's bcrypt hashing and the broker account it adds cost what they cost in production.
 */
final class ScaleEnrolment {
  /** The hub's cap on one activation's uses (ActivationResource.MAX_USES_LIMIT). */
  static final int MAX_USES = 10_000;

  record Credential(String username, String password) {}

  /** What enrolment produced: credentials by device id and the store CA's PEM (null with TLS off). */
  record Result(Map<String, Credential> credentials, String caPem, double seconds) {}

  private ScaleEnrolment() {}

  static Result enrol(HubApi api, List<String> deviceIds, int parallel, long timeoutMs)
      throws InterruptedException {
    long t0 = System.nanoTime();
    Map<String, Credential> out = new ConcurrentHashMap<>();
    Map<String, String> cas = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      for (int from = 0; from < deviceIds.size(); from += MAX_USES) {
        List<String> chunk = deviceIds.subList(from, Math.min(deviceIds.size(), from + MAX_USES));
        JsonNode a = api.post("/api/v1/device-activations", "{\"maxUses\":" + chunk.size()
            + ",\"expiresInSeconds\":3600,\"note\":\"scale bench\"}").expect(201).json();
        String pin = a.path("caFingerprint").asText(null);
        List<Future<Object>> jobs = chunk.stream().map(id -> pool.<Object>submit(() -> {
          JsonNode r = register(api, a, id, timeoutMs);
          out.put(id, new Credential(r.get("username").asText(), r.get("password").asText()));
          String ca = r.path("caCertificate").asText(null);
          if (ca != null) {
            String fp = PinnedCa.fromPem(ca).fingerprint();
            if (!fp.equals(pin)) {
              throw new IllegalStateException("store CA " + fp + " handed to " + id
                  + " is not the activation's " + pin);
            }
            cas.put(fp, ca);
          }
          return null;
        })).toList();
        for (Future<Object> f : jobs) {
          try {
            f.get();
          } catch (ExecutionException e) {
            throw new IllegalStateException("enrolment failed: " + e.getCause().getMessage(), e.getCause());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (cas.size() > 1) {
      throw new IllegalStateException("registrations handed out " + cas.size() + " store CAs");
    }
    return new Result(Map.copyOf(out), cas.values().stream().findFirst().orElse(null),
        Scale.seconds(t0));
  }

  /** Retries a 503 (the hub still setting up the broker's accounts) until the deadline. */
  private static JsonNode register(HubApi api, JsonNode activation, String deviceId, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    String body = "{\"activationId\":\"" + activation.get("activationId").asText()
        + "\",\"activationCode\":\"" + activation.get("activationCode").asText()
        + "\",\"deviceId\":\"" + deviceId + "\"}";
    while (true) {
      HubApi.Reply r = api.post("/api/v1/device-registrations", body);
      if (r.status() == 201) {
        return r.json();
      }
      if (r.status() != 503 || System.nanoTime() > deadline) {
        throw new IllegalStateException("registering " + deviceId + ": HTTP " + r.status()
            + " " + r.body());
      }
      Scale.sleep(200);
    }
  }
}
