package dev.backroom.hub.enrollment;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.mqtt.Topics;
import dev.backroom.sync.auth.ActivationCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.quarkus.runtime.StartupEvent;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Creates activations, exchanges them for device credentials and revokes devices. Every outcome,
 * refusals included, is an event with its actor and reason. Failed registrations are throttled
 * per client address and activation ({@link FailureThrottle}).
 */
@ApplicationScoped
public class EnrollmentService {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject HubConfig config;
  @Inject ActivationStore activations;
  @Inject DeviceCredentialStore credentials;
  @Inject MqttCredentials mqttCredentials;
  @Inject EventStore events;
  @Inject dev.backroom.hub.store.Jdbc jdbc;
  @Inject jakarta.enterprise.event.Event<DeviceEnrolled> enrolled;
  @Inject jakarta.enterprise.event.Event<DeviceRevoked> revoked;

  private SecretHash hasher;
  private FailureThrottle throttle;

  void onStart(@Observes StartupEvent e) {
    init();
  }

  private synchronized void init() {
    if (hasher == null) {
      hasher = new SecretHash(config.enrollment().hashCost());
      throttle = new FailureThrottle(config.enrollment().maxFailures(),
          config.enrollment().failureWindow());
    }
  }

  /** A new activation and its code, which is not kept and cannot be shown again. */
  public record Created(Activation activation, String code) {}

  public Created create(Duration expiresIn, int maxUses, String note, String actor, Instant now) {
    init();
    String id = "dact-" + UUID.randomUUID().toString().substring(0, 8);
    String code = ActivationCode.generate(RANDOM);
    Activation a = new Activation(id, hasher.hash(code), now, now.plus(expiresIn), maxUses, 0,
        actor, note);
    activations.insert(a);
    events.record(now, "device-activation-created", actor, Event.LOCAL, EventStore.Subject.none(),
        note, "activation " + id + ": " + maxUses + " use(s) until " + a.expiresAt());
    return new Created(a, code);
  }

  public List<Activation> list() {
    return activations.list();
  }

  /** A device's new secrets, handed out once. */
  public record Registered(String deviceId, String secret, String workloadSecret) {}

  /**
   * Exchanges an activation for a credential for {@code deviceId}. Refusals are thrown as
   * {@link EnrollmentError}s (401 unknown activation or wrong code, 410 expired or used up, 409
   * revoked device, 429 too many failures from {@code remote}).
   */
  public Registered register(String activationId, String code, String deviceId, String remote,
      Instant now) {
    init();
    Duration wait = throttle.retryAfter(throttleKey(remote, activationId), now);
    if (!wait.isZero()) {
      throw EnrollmentError.throttled(wait);
    }
    if (!Topics.isValidDeviceId(deviceId) || activationId == null || code == null) {
      throw refuse(remote, now, activationId, deviceId, 400, "invalid_request",
          "activationId, activationCode and a deviceId of letters, digits, '_', '.', '-'"
              + " (max 64) are required");
    }
    String secret = SecretHash.newSecret();
    String workloadSecret = SecretHash.newSecret();
    String secretHash = hasher.hash(secret);
    String workloadHash = hasher.hash(workloadSecret);
    // A refusal is decided inside the transaction but recorded after it rolled back
    Refused refused = jdbc.inTransaction(() -> {
      Activation a = activations.lock(activationId).orElse(null);
      if (a == null || !SecretHash.verify(code, a.codeHash())) {
        return new Refused(401, "activation_invalid",
            "unknown activation " + activationId + " or wrong activation code");
      }
      Activation.Refusal r = a.refusalAt(now);
      if (r != null) {
        return new Refused(410, r.error(), r.message());
      }
      DeviceCredential old = credentials.find(deviceId).orElse(null);
      if (old != null && old.revoked()) {
        return new Refused(409, "device_revoked", "device " + deviceId + " was revoked at "
            + old.revokedAt() + "; choose another device id");
      }
      credentials.put(new DeviceCredential(deviceId, secretHash, workloadHash, activationId, now,
          null, null, null));
      activations.used(activationId);
      events.record(now, "device-registered", "device:" + deviceId, Event.LOCAL,
          EventStore.Subject.device(deviceId), "activation " + activationId,
          "device " + deviceId + (old == null ? " enrolled" : " enrolled again (new credential)")
              + " from " + remote);
      return null;
    });
    if (refused != null) {
      throw refuse(remote, now, activationId, deviceId, refused.status(), refused.error(),
          refused.message());
    }
    mqttCredentials.forget(deviceId);
    enrolled.fire(new DeviceEnrolled(deviceId, secret, workloadSecret));
    return new Registered(deviceId, secret, workloadSecret);
  }

  /** Guessing is per activation: its code is the secret; an unknown id has none to guess. */
  private static String throttleKey(String remote, String activationId) {
    return remote + "|" + activationId;
  }

  private record Refused(int status, String error, String message) {}

  private RuntimeException refuse(String remote, Instant now, String activationId,
      String deviceId, int status, String error, String message) {
    throttle.failed(throttleKey(remote, activationId), now);
    events.record(now, "device-registration-refused", "device:" + deviceId, Event.LOCAL,
        deviceId != null && Topics.isValidDeviceId(deviceId) ? EventStore.Subject.device(deviceId)
            : EventStore.Subject.none(), error, message + " (from " + remote + ")");
    return EnrollmentError.of(status, error, message);
  }

  /** Revokes a device: false when it has no credential or was revoked already. */
  public boolean revoke(String deviceId, String actor, String reason, Instant now) {
    if (!credentials.revoke(deviceId, now, actor, reason)) {
      return false;
    }
    mqttCredentials.forget(deviceId);
    events.record(now, "device-revoked", actor, Event.LOCAL, EventStore.Subject.device(deviceId),
        reason, "device " + deviceId + " revoked: its sessions are dropped and it cannot reconnect");
    revoked.fire(new DeviceRevoked(deviceId));
    return true;
  }
}
