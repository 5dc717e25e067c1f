package dev.backroom.hub.runtime;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.devices.DeviceOffences;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.mqtt.DeviceMessageIngest;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.store.SchemaMigration;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.jdbc.StorageFailure;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.StatusReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts the hub's moving parts in order (the broker, on a thread of its own before the database
 * is migrated; devices from H2; the client; the control loop) and stops them in reverse. Also
 * the sink for valid device messages, which run on the core thread.
 */
@ApplicationScoped
public class HubLifecycle implements DeviceMessageIngest.Handler {
  private static final Logger LOG = Logger.getLogger(HubLifecycle.class);

  @Inject HubConfig config;
  @Inject HubMqtt mqtt;
  @Inject CoreExecutor core;
  @Inject ControlLoop loop;
  @Inject DeviceRegistry devices;
  @Inject TaskStore tasks;
  @Inject AssignmentPublisher publisher;
  @Inject MeterRegistry meters;
  @Inject Event<LogFrame> logFrames;
  @Inject DeviceOffences offences;

  /** The previous report per device; touched on the core thread only. */
  private final Map<String, LastReport> lastReports = new HashMap<>();
  /** Reports not yet written, in arrival order; core thread only. */
  private final List<TaskStore.Report> pendingReports = new ArrayList<>();

  /** First of all: the broker starts while the database is migrated ({@link SchemaMigration}). */
  void startBroker(@Observes @Priority(SchemaMigration.PRIORITY - 100) StartupEvent e) {
    mqtt.startBroker();
  }

  void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent e) {
    devices.loadPersisted();
    DeviceMessageIngest ingest = new DeviceMessageIngest(mqtt::codec, work -> {
      if (!core.submit(work)) {
        meters.counter("backroom.mqtt.dropped", "kind", "any", "reason", "overloaded").increment();
      }
    }, this, meters, offences::offence);
    // Both liveness calls run on the transport's thread, not queued behind core work: while the
    // hub cannot hear, no pass may take the silence for lost devices.
    mqtt.start(reconnect -> {
      devices.onHubConnected();
      core.submit(() -> {
        publisher.republishAll();
        loop.trigger();
      });
    }, devices::onHubDisconnected, ingest);
    core.every(config.loop().interval().toMillis(), loop::tick);
    loop.trigger();
    LOG.infof("hub started; data in %s, broker %s", config.dataDir(), mqtt.brokerUri());
  }

  void onStop(@Observes ShutdownEvent e) {
    core.shutdown();
    mqtt.stop();
  }

  @Override
  public void capabilities(Capabilities c) {
    devices.onCapabilities(c);
    loop.trigger();
  }

  @Override
  public void heartbeat(Heartbeat h) {
    devices.onHeartbeat(h.deviceId());
  }

  @Override
  public void lifecycle(Lifecycle l) {
    boolean online = Lifecycle.ONLINE.equals(l.state());
    if (devices.onLifecycle(l.deviceId(), online)) {
      LOG.infof("device %s is %s%s", l.deviceId(), l.state(),
          l.reason() == null ? "" : " (" + l.reason() + ")");
      loop.trigger();
    }
  }

  /**
   * Agents repeat their status every few seconds; a report equal to the device's previous one,
   * while the hub has published nothing new to that device, cannot change anything and is not
   * written again. The others wait for {@link #applyPendingReports}, queued behind the core
   * work already waiting, so a burst of reports is written in one transaction. Core thread only.
   */
  @Override
  public void status(StatusReport r) {
    devices.onHeartbeat(r.deviceId());
    LastReport key = new LastReport(r, publisher.generationOf(r.deviceId()));
    if (key.equals(lastReports.get(r.deviceId()))) {
      return;
    }
    lastReports.put(r.deviceId(), key);
    pendingReports.add(new TaskStore.Report(r.deviceId(), r.generation(), r.tasks()));
    if (pendingReports.size() == 1 && !core.submit(this::applyPendingReports)) {
      applyPendingReports(); // the core queue is full: write now rather than drop the report
    }
  }

  /**
   * Writes the newest report of each device queued since the last batch in one transaction; if
   * that fails, report by report, so one bad report costs only itself (and is forgotten by the
   * dedup above, so its next repeat is tried again). Core thread only.
   */
  void applyPendingReports() {
    if (pendingReports.isEmpty()) {
      return;
    }
    List<TaskStore.Report> batch = newestPerDevice(pendingReports);
    pendingReports.clear();
    Instant now = Instant.now();
    boolean changed = false;
    try {
      changed = tasks.applyReports(batch, now);
    } catch (RuntimeException e) {
      LOG.warnf(e, "writing %d status reports in one transaction failed; writing them one by one",
          batch.size());
      for (TaskStore.Report r : batch) {
        try {
          changed |= tasks.applyReports(List.of(r), now);
        } catch (RuntimeException single) {
          lastReports.remove(r.deviceId());
          if (StorageFailure.of(single).isPresent()) {
            // The storage's readiness check reports the outage; the report's next repeat retries.
            LOG.warnf("status report of %s not applied while the storage fails: %s", r.deviceId(),
                single.getMessage());
          } else {
            LOG.errorf(single, "status report of %s not applied", r.deviceId());
          }
        }
      }
    }
    LOG.debugf("%d status reports written in %d ms", batch.size(),
        java.time.Duration.between(now, Instant.now()).toMillis());
    if (changed) {
      loop.trigger();
    }
  }

  /**
   * A report is the device's whole state, so its newest one in a batch supersedes the older:
   * no pass runs between them to see the difference. During a placement a device often reports
   * two or three generations in quick succession.
   */
  static List<TaskStore.Report> newestPerDevice(List<TaskStore.Report> reports) {
    Map<String, TaskStore.Report> newest = new LinkedHashMap<>();
    for (TaskStore.Report r : reports) {
      newest.put(r.deviceId(), r);
    }
    return List.copyOf(newest.values());
  }

  /** Handed to whoever observes {@link LogFrame} (the UI's session bridge), synchronously. */
  @Override
  public void logs(LogFrame f) {
    logFrames.fire(f);
  }

  private record LastReport(StatusReport report, long publishedGeneration) {}
}
