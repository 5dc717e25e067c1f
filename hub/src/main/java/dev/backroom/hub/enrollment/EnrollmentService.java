package dev.backroom.hub.enrollment;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.devices.DeviceCredential;
import dev.backroom.hub.devices.DeviceCredentialStore;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.mqtt.DeviceEnrolled;
import dev.backroom.hub.mqtt.DeviceRevoked;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.Topics;
import dev.backroom.sync.auth.ActivationCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.quarkus.runtime.StartupEvent;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates activations, exchanges them for device credentials and revokes devices. Every outcome,
 * refusals included, is an event with its actor and reason. Failed registrations are throttled
 * per client address and activation ({@link FailureThrottle}).
 *
 * <p>The broker's accounts change inside the same transaction as the credential row, after every
 * statement and before the commit ({@link HubMqtt#onEnrolled}, {@link HubMqtt#onRevoked}): a
 * broker that does not take the change fails the request with 503 {@code broker_unavailable} and
 * nothing is consumed, replaced or revoked. The row locks (activation, then device id) make two
 * registrations of one device id take turns, so the broker's password and the stored hash are
 * always the same credential's.
 */
@ApplicationScoped
public class EnrollmentService {
  private static final Logger LOG = Logger.getLogger(EnrollmentService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** H2's error code for a lock wait that timed out. */
  private static final int LOCK_TIMEOUT = 50200;
  /** A broker restarting comes back within seconds (its supervisor's backoff starts at 0.5 s). */
  private static final Duration BROKER_RETRY = Duration.ofSeconds(5);
  private static final Duration BUSY_RETRY = Duration.ofSeconds(2);

  @Inject HubConfig config;
  @Inject ActivationStore activations;
  @Inject DeviceCredentialStore credentials;
  @Inject MqttCredentials mqttCredentials;
  @Inject EventStore events;
  @Inject Jdbc jdbc;
  @Inject HubMqtt mqtt;

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

  /**
   * What an admin asks for: how long and how often it may be used, a note, and optionally the
   * one device id it enrols and whether it may replace that device's credential.
   */
  public record Spec(Duration expiresIn, int maxUses, String note, String deviceId,
      boolean replace) {}

  public Created create(Spec spec, String actor, String remote, Instant now) {
    init();
    String id = "dact-" + UUID.randomUUID().toString().substring(0, 8);
    String code = ActivationCode.generate(RANDOM);
    Activation a = new Activation(id, hasher.hash(code), now, now.plus(spec.expiresIn()),
        spec.maxUses(), 0, actor, spec.note(), spec.deviceId(), spec.replace());
    activations.insert(a);
    String bound = a.deviceId() == null ? "" : ", for device " + a.deviceId()
        + (a.replace() ? " (may replace its credential)" : " only");
    events.record(now, "device-activation-created", actor, Event.LOCAL,
        a.deviceId() == null ? EventStore.Subject.none() : EventStore.Subject.device(a.deviceId()),
        spec.note(), "activation " + id + ": " + a.maxUses() + " use(s) until " + a.expiresAt()
            + bound + "; created from " + remote);
    return new Created(a, code);
  }

  public List<Activation> list() {
    return activations.list();
  }

  /** A device's new secrets, handed out once. */
  public record Registered(String deviceId, String secret, String workloadSecret) {}

  /**
   * Exchanges an activation for a credential for {@code deviceId}. Refusals are thrown as
   * {@link EnrollmentError}s (400 malformed input, 401 unknown activation or wrong code, 403 an
   * activation bound to another device id, 410 expired or used up, 409 a device id that is
   * enrolled or revoked, 429 too many failures from {@code remote}, 503 the broker did not take
   * the account or a concurrent registration holds the same rows; after a 503 nothing changed).
   *
   * <p>An enrolled (or revoked) device id is enrolled again only with an activation an admin
   * bound to that id with {@code replace}: anyone holding some other activation code would
   * otherwise take over the device's identity, its assignments and its secrets, and lock the
   * real device out. A replacement revokes the old credential and drops its broker sessions
   * (setting the broker's password to the new secret does both at once).
   */
  public Registered register(String activationId, String code, String deviceId, String remote,
      Instant now) {
    init();
    Duration wait = throttle.retryAfter(throttleKey(remote, activationId), now);
    if (!wait.isZero()) {
      throw EnrollmentError.throttled(wait);
    }
    if (!Topics.isValidDeviceId(deviceId) || activationId == null || code == null
        || activationId.length() > MAX_ACTIVATION_ID || code.length() > MAX_CODE) {
      throw refuse(remote, now, activationId, deviceId, 400, "invalid_request",
          "activationId (max " + MAX_ACTIVATION_ID + "), activationCode (max " + MAX_CODE
              + ") and a deviceId of letters, digits, '_', '.', '-' (max 64) are required");
    }
    String secret = SecretHash.newSecret();
    String workloadSecret = SecretHash.newSecret();
    String secretHash = hasher.hash(secret);
    String workloadHash = hasher.hash(workloadSecret);
    if (!mqtt.accountsReady()) {
      throw brokerUnavailable(remote, now, activationId, deviceId,
          "the hub is still setting up the broker's accounts");
    }
    Outcome outcome;
    try {
      outcome = decide(activationId, code, deviceId, remote, now, secret, secretHash,
          workloadSecret, workloadHash);
    } catch (DeviceCredentialStore.AlreadyEnrolled e) {
      throw refuse(remote, now, activationId, deviceId, 409, "device_exists", "device "
          + deviceId + " was enrolled by another registration at the same time");
    } catch (BrokerFailed e) {
      throw brokerUnavailable(remote, now, activationId, deviceId, e.getMessage());
    } catch (Jdbc.StoreException e) {
      if (!lockTimedOut(e)) {
        throw e;
      }
      events.record(now, "device-registration-refused", "device:" + deviceId, Event.LOCAL,
          EventStore.Subject.device(deviceId), "registration_busy", "activation " + activationId
              + " or device " + deviceId + " is held by another registration (from " + remote
              + ")");
      throw EnrollmentError.unavailable("registration_busy", "another registration of activation "
          + activationId + " or device " + deviceId + " is in progress; nothing was changed,"
          + " try again", BUSY_RETRY);
    }
    // A refusal is decided inside the transaction but recorded after it rolled back
    Refused refused = outcome.refused();
    if (refused != null) {
      throw refuse(remote, now, activationId, deviceId, refused.status(), refused.error(),
          refused.message());
    }
    mqttCredentials.forget(deviceId);
    return new Registered(deviceId, secret, workloadSecret);
  }

  /** The registration's transaction: checks, the credential row, events, then the broker. */
  private Outcome decide(String activationId, String code, String deviceId, String remote,
      Instant now, String secret, String secretHash, String workloadSecret,
      String workloadHash) {
    return jdbc.inTransaction(() -> {
      Activation a = activations.lock(activationId).orElse(null);
      if (a == null || !SecretHash.verify(code, a.codeHash())) {
        return Outcome.refused(401, "activation_invalid",
            "unknown activation " + activationId + " or wrong activation code");
      }
      Activation.Refusal r = a.refusalAt(now);
      if (r != null) {
        return Outcome.refused(410, r.error(), r.message());
      }
      if (a.deviceId() != null && !a.deviceId().equals(deviceId)) {
        return Outcome.refused(403, "activation_bound", "activation " + activationId
            + " is for device " + a.deviceId() + " only");
      }
      DeviceCredential old = credentials.lock(deviceId).orElse(null);
      if (old != null && !a.replace()) {
        String how = "; an admin re-enrols it with an activation for this device id that may"
            + " replace it (./backroom hub activation create --device-id " + deviceId
            + " --replace)";
        return old.revoked()
            ? Outcome.refused(409, "device_revoked", "device " + deviceId + " was revoked at "
                + old.revokedAt() + how)
            : Outcome.refused(409, "device_exists", "device " + deviceId + " is enrolled already"
                + how);
      }
      credentials.put(new DeviceCredential(deviceId, secretHash, workloadHash, activationId, now,
          null, null, null));
      activations.used(activationId);
      events.record(now, "device-registered", "device:" + deviceId, Event.LOCAL,
          EventStore.Subject.device(deviceId), "activation " + activationId,
          "device " + deviceId + (old == null ? " enrolled" : " enrolled again (new credential)")
              + " from " + remote);
      if (old != null) {
        events.record(now, "device-replaced", a.createdBy(), Event.LOCAL,
            EventStore.Subject.device(deviceId), "activation " + activationId,
            "device " + deviceId + " re-enrolled from " + remote + " with activation "
                + activationId + " that " + a.createdBy() + " created for it with replace;"
                + " its previous credential (activation " + old.activationId() + ", registered "
                + old.registeredAt() + (old.revoked() ? ", revoked " + old.revokedAt() : "")
                + ") is revoked and its broker sessions are dropped");
      }
      // Last, after every statement that can fail: the broker holds the new secret only when
      // the commit follows. Setting the password over an old one drops the old holder's
      // sessions; a broker that refuses before that leaves the old credential working.
      try {
        mqtt.onEnrolled(new DeviceEnrolled(deviceId, secret, workloadSecret));
      } catch (RuntimeException e) {
        throw new BrokerFailed("the broker did not take the account of device " + deviceId, e);
      }
      return new Outcome(null);
    });
  }

  /** The broker did not take an account change; thrown inside a transaction to roll it back. */
  private static final class BrokerFailed extends RuntimeException {
    BrokerFailed(String message, RuntimeException cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }

  private static boolean lockTimedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == LOCK_TIMEOUT) {
        return true;
      }
    }
    return false;
  }

  /**
   * Not the caller's fault, so not counted by the throttle: the activation stays usable and the
   * same request can be sent again.
   */
  private RuntimeException brokerUnavailable(String remote, Instant now, String activationId,
      String deviceId, String why) {
    LOG.warnf("registration of device %s with activation %s refused: %s", deviceId,
        activationId, why);
    events.record(now, "device-registration-refused", "device:" + deviceId, Event.LOCAL,
        EventStore.Subject.device(deviceId), "broker_unavailable", why + " (from " + remote + ")");
    return EnrollmentError.unavailable("broker_unavailable", "the hub's MQTT broker cannot take"
        + " the device's account right now; nothing was changed (the activation is still usable"
        + " and any earlier credential still works), try again", BROKER_RETRY);
  }

  /** Guessing is per activation: its code is the secret; an unknown id has none to guess. */
  private static String throttleKey(String remote, String activationId) {
    // A malformed id is not kept as given: the throttle's memory stays small whatever is sent
    return remote + "|" + (activationId == null || activationId.length() > MAX_ACTIVATION_ID
        ? "(invalid)" : activationId);
  }

  private record Refused(int status, String error, String message) {}
  /** The transaction's answer: a refusal, or null when the device is enrolled. */
  private record Outcome(Refused refused) {
    static Outcome refused(int status, String error, String message) {
      return new Outcome(new Refused(status, error, message));
    }
  }

  static final int MAX_ACTIVATION_ID = 64;
  static final int MAX_CODE = 128;

  private RuntimeException refuse(String remote, Instant now, String activationId,
      String deviceId, int status, String error, String message) {
    throttle.failed(throttleKey(remote, activationId), now);
    // An invalid device id is not a name to file the event under (and may not fit the column)
    boolean valid = Topics.isValidDeviceId(deviceId);
    events.record(now, "device-registration-refused", valid ? "device:" + deviceId : "anonymous",
        Event.LOCAL, valid ? EventStore.Subject.device(deviceId) : EventStore.Subject.none(), error,
        message + " (from " + remote + ")");
    return EnrollmentError.of(status, error, message);
  }

  /**
   * Revokes a device: false when it has no credential or was revoked already. Its broker
   * accounts go inside the transaction: a broker that does not delete them fails the revocation
   * (503 {@code broker_unavailable}) rather than leave a "revoked" device able to connect.
   */
  public boolean revoke(String deviceId, String actor, String reason, Instant now) {
    boolean done;
    try {
      done = jdbc.inTransaction(() -> {
        if (!credentials.revoke(deviceId, now, actor, reason)) {
          return false;
        }
        events.record(now, "device-revoked", actor, Event.LOCAL,
            EventStore.Subject.device(deviceId), reason,
            "device " + deviceId + " revoked: its sessions are dropped and it cannot reconnect");
        try {
          mqtt.onRevoked(new DeviceRevoked(deviceId));
        } catch (RuntimeException e) {
          throw new BrokerFailed("the broker did not delete the accounts of device " + deviceId,
              e);
        }
        return true;
      });
    } catch (BrokerFailed e) {
      LOG.warnf("revocation of device %s by %s failed: %s", deviceId, actor, e.getMessage());
      throw EnrollmentError.unavailable("broker_unavailable", "the hub's MQTT broker cannot"
          + " delete the device's accounts right now; device " + deviceId + " is not revoked,"
          + " try again", BROKER_RETRY);
    }
    if (done) {
      mqttCredentials.forget(deviceId);
    }
    return done;
  }
}
