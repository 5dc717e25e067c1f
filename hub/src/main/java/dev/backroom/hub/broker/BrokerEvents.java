package dev.backroom.hub.broker;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.devices.DeviceOffences;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.SchemaMigration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The hub's ears on its Mosquitto: each refusal {@link BrokerWatch} finds becomes a warning, a
 * counter ({@code backroom_mqtt_refused_total{kind}}), an event naming the client and, for a
 * device, an offence. Events of one kind from one client (or host) are written at most once a
 * minute, and of one kind at all at most {@value #EVENTS_PER_KIND_PER_MINUTE} a minute (a client
 * can change its client id at every connect); the log line and counter still see every one, and
 * {@code backroom_mqtt_events_suppressed_total{kind}} counts what the global limit held back.
 *
 * <p>{@link #event} runs on the broker's log-reader thread, which must never wait (Mosquitto
 * blocks when its stdout pipe is full): it only judges the parsed line and offers a finding to a
 * bounded {@link FindingQueue}; a drain thread does the fsynced H2 writes. A full queue drops the
 * finding and counts it ({@code backroom_mqtt_findings_dropped_total}). A broker that dies or
 * comes back is an event too.
 */
@ApplicationScoped
public class BrokerEvents implements ManagedMosquitto.Observer {
  private static final Logger LOG = Logger.getLogger(BrokerEvents.class);
  private static final Duration EVENT_EVERY = Duration.ofMinutes(1);
  private static final int THROTTLE_KEYS = 10_000;
  static final int EVENTS_PER_KIND_PER_MINUTE = 60;
  private static final int QUEUE = 4096;

  @Inject HubConfig config;
  @Inject EventStore events;
  @Inject DeviceOffences offences;
  @Inject MeterRegistry meters;
  @Inject SchemaMigration schema;

  private volatile BrokerWatch watch;
  private volatile FindingQueue<BrokerWatch.Finding> queue;
  private final KindRateLimit perKind =
      new KindRateLimit(EVENTS_PER_KIND_PER_MINUTE, Duration.ofMinutes(1).toMillis());
  private final Map<String, Instant> lastEvent = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > THROTTLE_KEYS;
    }
  };

  public BrokerEvents() {}

  /** Outside CDI (tests): the watch and the sinks given. */
  BrokerEvents(BrokerWatch watch, EventStore events, DeviceOffences offences,
      MeterRegistry meters) {
    this.watch = watch;
    this.events = events;
    this.offences = offences;
    this.meters = meters;
  }

  @Override
  public void event(BrokerLogEvent e) {
    BrokerWatch w = watch;
    if (w == null) {
      w = watch = new BrokerWatch(config.mqtt().allowAnonymous());
    }
    w.judge(e).ifPresent(f -> queue().offer(f));
  }

  private FindingQueue<BrokerWatch.Finding> queue() {
    FindingQueue<BrokerWatch.Finding> q = queue;
    if (q == null) {
      synchronized (this) {
        if (queue == null) {
          queue = new FindingQueue<>(QUEUE, "broker-events", this::record,
              () -> meters.counter("backroom.mqtt.findings.dropped").increment());
        }
        q = queue;
      }
    }
    return q;
  }

  @jakarta.annotation.PreDestroy
  void stop() {
    FindingQueue<BrokerWatch.Finding> q = queue;
    if (q != null) {
      q.close();
    }
  }

  private void record(BrokerWatch.Finding f) {
    if (!migrated()) {
      return;
    }
    Instant now = Instant.now();
    meters.counter("backroom.mqtt.refused", "kind", f.kind()).increment();
    LOG.warnf("%s: %s", f.kind(), f.message());
    if (f.offence() && f.deviceId() != null) {
      offences.offence(f.deviceId(), f.kind(), f.reason());
    }
    String key = f.kind() + "|" + (f.clientId() != null ? f.clientId() : f.address());
    synchronized (lastEvent) {
      Instant last = lastEvent.get(key);
      if (last != null && last.plus(EVENT_EVERY).isAfter(now)) {
        return;
      }
      lastEvent.put(key, now);
    }
    if (!perKind.allow(f.kind(), now.toEpochMilli())) {
      meters.counter("backroom.mqtt.events.suppressed", "kind", f.kind()).increment();
      return;
    }
    events.system(now, f.kind(), f.deviceId() == null ? EventStore.Subject.none()
        : EventStore.Subject.device(f.deviceId()), f.reason(), f.message());
  }

  /**
   * The broker starts while the database is migrated (HubLifecycle): a refusal or a death seen
   * then waits for the schema before it is written. False when interrupted (the hub stops).
   */
  private boolean migrated() {
    if (schema == null) {
      return true;
    }
    try {
      schema.awaitMigrated();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void died(int exitCode, Duration backoff) {
    if (!migrated()) {
      return;
    }
    events.system(Instant.now(), "mqtt-broker-died", EventStore.Subject.none(), "exit_" + exitCode,
        "the hub's Mosquitto exited with code " + exitCode + "; restarting it in " + backoff);
  }

  @Override
  public void restarted() {
    if (!migrated()) {
      return;
    }
    events.system(Instant.now(), "mqtt-broker-restarted", EventStore.Subject.none(), "restarted",
        "the hub's Mosquitto listens again; the hub republishes every assignment");
  }
}
