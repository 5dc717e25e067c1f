package dev.backroom.hub.devices;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.events.EventStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Malformed envelopes per device. With authentication on, a message on a device's topic can only
 * come from that device, so the topic's id is the offender. Crossing
 * {@code backroom.devices.offence-threshold} within {@code offence-window} flags the device:
 * an event {@code device-flagged}, {@code flagged} in the device's API view, and the gauge
 * {@code backroom_devices_flagged}.
 */
@ApplicationScoped
public class DeviceOffences {
  private static final Logger LOG = Logger.getLogger(DeviceOffences.class);

  @Inject HubConfig config;
  @Inject EventStore events;
  @Inject MeterRegistry meters;

  private volatile OffenceTracker tracker;

  void onStart(@Observes StartupEvent e) {
    tracker();
  }

  private OffenceTracker tracker() {
    OffenceTracker t = tracker;
    if (t == null) {
      synchronized (this) {
        if (tracker == null) {
          tracker = new OffenceTracker(config.devices().offenceThreshold(),
              config.devices().offenceWindow());
          Gauge.builder("backroom.devices.flagged", tracker, OffenceTracker::flaggedCount)
              .description("devices flagged for repeated malformed messages").register(meters);
        }
        t = tracker;
      }
    }
    return t;
  }

  /** One malformed message on a device's own topic; called on the MQTT thread. */
  public void offence(String deviceId, String kind, String reason) {
    Instant now = Instant.now();
    if (tracker().offence(deviceId, now)) {
      LOG.warnf("device %s flagged: %d malformed messages within %s (last: %s, %s)", deviceId,
          config.devices().offenceThreshold(), config.devices().offenceWindow(), kind, reason);
      events.system(now, "device-flagged", EventStore.Subject.device(deviceId), reason,
          "device " + deviceId + " sent " + config.devices().offenceThreshold()
              + " malformed messages within " + config.devices().offenceWindow()
              + " (last on " + kind + ")");
    }
  }

  public boolean isFlagged(String deviceId) {
    return tracker().isFlagged(deviceId);
  }

  public long malformed(String deviceId) {
    return tracker().total(deviceId);
  }
}
