package dev.backroom.hub.broker;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.devices.DeviceOffences;
import dev.backroom.hub.events.EventStore;
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
 * minute, so a client retrying a refused connect cannot flood the event log; the log line and
 * counter still see every one. A broker that dies or comes back is an event too.
 */
@ApplicationScoped
public class BrokerEvents implements ManagedMosquitto.Observer {
  private static final Logger LOG = Logger.getLogger(BrokerEvents.class);
  private static final Duration EVENT_EVERY = Duration.ofMinutes(1);
  private static final int THROTTLE_KEYS = 10_000;

  @Inject HubConfig config;
  @Inject EventStore events;
  @Inject DeviceOffences offences;
  @Inject MeterRegistry meters;

  private volatile BrokerWatch watch;
  private final Map<String, Instant> lastEvent = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > THROTTLE_KEYS;
    }
  };

  @Override
  public void event(BrokerLogEvent e) {
    BrokerWatch w = watch;
    if (w == null) {
      w = watch = new BrokerWatch(config.mqtt().allowAnonymous());
    }
    w.judge(e).ifPresent(this::record);
  }

  private void record(BrokerWatch.Finding f) {
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
    events.system(now, f.kind(), f.deviceId() == null ? EventStore.Subject.none()
        : EventStore.Subject.device(f.deviceId()), f.reason(), f.message());
  }

  @Override
  public void died(int exitCode, Duration backoff) {
    events.system(Instant.now(), "mqtt-broker-died", EventStore.Subject.none(), "exit_" + exitCode,
        "the hub's Mosquitto exited with code " + exitCode + "; restarting it in " + backoff);
  }

  @Override
  public void restarted() {
    events.system(Instant.now(), "mqtt-broker-restarted", EventStore.Subject.none(), "restarted",
        "the hub's Mosquitto listens again; the hub republishes every assignment");
  }
}
