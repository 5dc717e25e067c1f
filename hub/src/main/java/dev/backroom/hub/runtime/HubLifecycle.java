package dev.backroom.hub.runtime;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.mqtt.DeviceMessageIngest;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.store.TaskStore;
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
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts the hub's moving parts in order (devices from H2, broker and client, control loop) and
 * stops them in reverse. Also the sink for valid device messages, which run on the core thread.
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
  @Inject jakarta.enterprise.event.Event<LogFrame> logFrames;
  @Inject dev.backroom.hub.devices.DeviceOffences offences;

  /** The previous report per device; touched on the core thread only. */
  private final Map<String, LastReport> lastReports = new HashMap<>();

  void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent e) {
    devices.loadPersisted(Instant.now());
    DeviceMessageIngest ingest = new DeviceMessageIngest(mqtt::codec, work -> {
      if (!core.submit(work)) {
        meters.counter("backroom.mqtt.dropped", "kind", "any", "reason", "overloaded").increment();
      }
    }, this, meters, offences::offence);
    mqtt.start(reconnect -> core.submit(() -> {
      publisher.republishAll();
      loop.trigger();
    }), ingest);
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
    devices.onCapabilities(c, Instant.now());
    loop.trigger();
  }

  @Override
  public void heartbeat(Heartbeat h) {
    devices.onHeartbeat(h.deviceId(), Instant.now());
  }

  @Override
  public void lifecycle(Lifecycle l) {
    boolean online = Lifecycle.ONLINE.equals(l.state());
    if (devices.onLifecycle(l.deviceId(), online, Instant.now())) {
      LOG.infof("device %s is %s%s", l.deviceId(), l.state(),
          l.reason() == null ? "" : " (" + l.reason() + ")");
      loop.trigger();
    }
  }

  /**
   * Agents repeat their status every few seconds; a report equal to the device's previous one,
   * while the hub has published nothing new to that device, cannot change anything and is not
   * written again. Core thread only.
   */
  @Override
  public void status(StatusReport r) {
    Instant now = Instant.now();
    devices.onHeartbeat(r.deviceId(), now);
    LastReport key = new LastReport(r, publisher.generationOf(r.deviceId()));
    if (key.equals(lastReports.get(r.deviceId()))) {
      return;
    }
    lastReports.put(r.deviceId(), key);
    if (tasks.applyReport(r.deviceId(), r.generation(), r.tasks(), now)) {
      loop.trigger();
    }
  }

  /** Handed to whoever observes {@link LogFrame} (the UI's session bridge), synchronously. */
  @Override
  public void logs(LogFrame f) {
    logFrames.fire(f);
  }

  private record LastReport(StatusReport report, long publishedGeneration) {}
}
