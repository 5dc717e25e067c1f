package dev.backroom.hub.enrollment;

import dev.backroom.hub.devices.DeviceCredentialStore;
import dev.backroom.hub.telemetry.TelemetryAuth;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.security.TopicPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks telemetry-listener credentials against the hub's store (Mosquitto checks its own
 * copies, made at enrolment): each enrolled device's secret and its workloads' secret. A revoked
 * device fails at once, whatever was cached. The hub's own identity is never checked here: its
 * client authenticates to the broker only, with a secret {@code HubMqtt} makes at every start.
 *
 * <p>bcrypt costs tens of milliseconds, and devices reconnect often (every hub or broker
 * restart, every network blip). So a secret that bcrypt has verified is remembered, in memory
 * only, as its SHA-256 next to the stored hash it matched; a later connect with the same secret
 * against the same stored hash skips bcrypt. Enrolling again changes the stored hash, which
 * voids the entry.
 */
@ApplicationScoped
public class MqttCredentials {
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  @Inject DeviceCredentialStore store;

  private record Verified(String storedHash, byte[] digest) {}

  /** Whether {@code password} (null when none was sent) proves {@code p}. */
  public boolean verify(MqttPrincipal p, byte[] password) {
    if (password == null || p.kind() == MqttPrincipal.Kind.HUB) {
      return false;
    }
    return store.find(p.deviceId()).filter(c -> !c.revoked()).map(c -> {
      String stored = p.kind() == MqttPrincipal.Kind.DEVICE ? c.secretHash() : c.workloadHash();
      return check(p.username(), stored, new String(password, StandardCharsets.UTF_8));
    }).orElse(false);
  }

  private boolean check(String username, String stored, String secret) {
    byte[] digest = sha256(secret);
    Verified v = verified.get(username);
    if (v != null && v.storedHash().equals(stored) && MessageDigest.isEqual(v.digest(), digest)) {
      return true;
    }
    if (!SecretHash.verify(secret, stored)) {
      return false;
    }
    verified.put(username, new Verified(stored, digest));
    return true;
  }

  /** Forgets what was verified for a device (revoked or enrolled again). */
  public void forget(String deviceId) {
    verified.remove(MqttPrincipal.device(deviceId).username());
    verified.remove(MqttPrincipal.workload(deviceId).username());
  }

  /**
   * The telemetry listener's check: workload credentials only (it serves telemetry alone). A
   * bean of the interface telemetry owns, so telemetry needs nothing of enrolment.
   */
  @Produces
  @Singleton
  TelemetryAuth telemetryAuth() {
    return (clientId, auth) -> {
      if (auth == null || auth.getUsername() == null || auth.getPassword() == null) {
        return false;
      }
      return MqttPrincipal.parse(auth.getUsername())
          .filter(p -> p.kind() == MqttPrincipal.Kind.WORKLOAD)
          .filter(p -> TopicPolicy.canUseClientId(p, clientId))
          .map(p -> verify(p, auth.getPassword().getBytes(StandardCharsets.UTF_8)))
          .orElse(false);
    };
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
