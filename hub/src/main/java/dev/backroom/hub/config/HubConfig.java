package dev.backroom.hub.config;

import dev.backroom.mqtt.Liveness;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every {@code backroom.*} setting of the hub. Test overrides sit beside the defaults. */
@ConfigMapping(prefix = "backroom")
public interface HubConfig {

  /** Where the H2 database lives; absolute or starting with {@code ./}. */
  String dataDir();

  Mqtt mqtt();

  Devices devices();

  Loop loop();

  Deployments deployments();

  Enrollment enrollment();

  Tls tls();

  Storage storage();

  /** The data directory's filesystem (dev.backroom.hub.store.DiskSpace). */
  interface Storage {
    /**
     * Free bytes under which the hub stops taking telemetry into its outbox, so that a disk
     * something else fills leaves H2 room for the hub's small writes (state, events, API).
     */
    @WithDefault("33554432")
    long lowWater();

    /**
     * Bytes the hub holds in {@code <data-dir>/disk-reserve} and deletes when less than that is
     * free (dev.backroom.hub.store.DiskReserve), so H2 has room on a disk something else
     * filled; 0 holds none.
     */
    @WithDefault("16777216")
    long reserve();
  }

  /**
   * Encrypted links (dev.backroom.hub.tls): the store CA under {@code <data-dir>/tls}, the
   * managed broker, the telemetry listener and the API on TLS. Off only when asked for.
   */
  interface Tls {
    /** False serves plain MQTT and plain HTTP: an explicit choice, for tests and benches. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Names and IP addresses the server certificate carries besides localhost, 127.0.0.1, ::1
     * and the host name (comma-separated), e.g. {@code hub.store-17.lan,10.0.0.5}.
     */
    Optional<String> extraNames();

    /** Lifetime of a newly issued server certificate (ISO-8601 or {@code 397d}). */
    @WithDefault("P397D")
    String serverValidity();

    /** The server certificate is reissued at start when it expires sooner than this. */
    @WithDefault("P30D")
    String renewBefore();
  }

  /** Device activations and the per-device credentials they are exchanged for. */
  interface Enrollment {
    /** bcrypt cost (log2 rounds) for device secrets and activation codes; 4 only in tests. */
    @WithDefault("10")
    int hashCost();

    /** Failed registrations from one address within {@link #failureWindow()} before 429. */
    @WithDefault("5")
    int maxFailures();

    @WithDefault("60s")
    Duration failureWindow();

    /** Expiry of an activation created without one. */
    @WithDefault("24h")
    Duration defaultExpiry();
  }

  interface Deployments {
    /**
     * A task whose containers have no health check is healthy once it has run this long without
     * a restart; a service's healthCheckGracePeriodSeconds overrides it.
     */
    @WithDefault("5s")
    Duration healthGrace();
  }

  interface Mqtt {
    /**
     * The hub runs its own Mosquitto as a supervised child process ({@code hub.broker}) when
     * {@link #url()} is not set. False with no {@link #url()} is a startup error: the hub needs
     * a broker.
     */
    @WithDefault("true")
    boolean managed();

    /** Bind address of the managed broker; loopback unless the store LAN must reach it. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of the managed broker; 0 picks a free one (tests). */
    @WithDefault("1883")
    int port();

    /** The managed broker's executable; default: {@code mosquitto} on PATH or in /usr/sbin. */
    Optional<String> mosquittoBinary();

    /**
     * External broker such as Mosquitto, e.g. {@code tcp://127.0.0.1:1883}, or
     * {@code ssl://host:8883} with {@link #caFile()}.
     */
    Optional<String> url();

    /**
     * PEM CA the hub trusts (and nothing else) for an {@code ssl://} external broker; the hub's
     * own client and its dynamic-security connection both use it. Default: the store CA.
     */
    Optional<String> caFile();

    /**
     * An extra plain-TCP listener of the managed broker next to its TLS port, for devices that
     * cannot do TLS: an explicit choice, none by default. Ignored with TLS off.
     */
    Optional<Integer> plainPort();

    /** Largest accepted MQTT payload on any Backroom topic. */
    @WithDefault("262144")
    int maxPayloadBytes();

    /**
     * The hub's own identity on an external broker (role {@code backroom-hub} on a managed
     * Mosquitto); default {@code hub}. Without a password, a managed Mosquitto is given a fresh
     * secret at every start.
     */
    Optional<String> username();

    Optional<String> password();

    Dynsec dynsec();

    /**
     * The explicit insecure shortcut ({@code ./backroom demo --insecure}): the managed broker
     * lets clients without credentials publish and subscribe anywhere (but {@code $CONTROL} and {@code $SYS}),
     * and the telemetry listener accepts anyone. Off by default.
     */
    @WithDefault("false")
    boolean allowAnonymous();
  }

  /**
   * An external Mosquitto whose dynamic-security plugin the hub manages: set the admin
   * credentials (those of the plugin's initial file) and the hub ensures the roles, its own
   * client ({@code backroom.mqtt.username}) and, as devices register or are revoked, theirs.
   */
  interface Dynsec {
    Optional<String> adminUsername();

    Optional<String> adminPassword();

    /** How long one dynamic-security command may take to be answered. */
    @WithDefault("5s")
    Duration timeout();
  }

  interface Devices {
    /**
     * A device not heard from (heartbeat, status, capabilities) for this long is lost and its
     * tasks are placed elsewhere. A backstop: a silent device is normally lost sooner, when the
     * broker's keep-alive drops it and publishes its last will (mqtt-bridge {@code Liveness}).
     */
    @WithDefault(Liveness.HEARTBEAT_TIMEOUT_DEFAULT)
    Duration heartbeatTimeout();

    /**
     * After a hub start, devices known from the database count as alive this long (at least the
     * heartbeat timeout) unless their last will arrives: agents need a few seconds of backoff to
     * reconnect to a restarted broker, and moving their tasks meanwhile would restart them.
     */
    @WithDefault("15s")
    Duration startupGrace();

    /** A device sending this many malformed messages within {@link #offenceWindow()} is flagged. */
    @WithDefault("20")
    int offenceThreshold();

    @WithDefault("60s")
    Duration offenceWindow();
  }

  interface Loop {
    /** How often the control loop checks whether anything needs a pass. */
    @WithDefault("1s")
    Duration interval();

    /**
     * A full pass runs at least this often even when nothing seems to have changed: a safety net
     * only, since every change triggers a pass. At ten thousand tasks a pass costs about a second
     * of CPU, so it stays rare.
     */
    @WithDefault("300s")
    Duration fullPassInterval();
  }
}
