package dev.backroom.bench;

import dev.backroom.harness.HubProcess;
import dev.backroom.mqtt.Liveness;
import java.net.URI;
import java.util.List;

/**
 * The footprint bench's simulated devices, as a store has them: enrolled through the hub's API
 * ({@link ScaleEnrolment}), each connecting over TLS trusting only the store CA with its own
 * credential, under the broker's ACLs, at the real agent's heartbeat, status and keep-alive
 * periods. Their container runtime is simulated (every task reports RUNNING).
 */
final class FootprintFleet implements AutoCloseable {
  private final HubProcess hub;
  private final int devices;
  private SimulatedFleet fleet;

  FootprintFleet(HubProcess hub, int devices) {
    this.hub = hub;
    this.devices = devices;
  }

  /** Enrols and connects every device; returns the seconds enrolment took (setup, not a figure). */
  double connect() throws InterruptedException {
    if (devices == 0) {
      return 0;
    }
    List<String> ids = SimulatedFleet.deviceIds(devices);
    ScaleEnrolment.Result e = ScaleEnrolment.enrol(hub.api(), ids, 4, 120_000);
    fleet = new SimulatedFleet(ids, new FleetLinks(e.caPem(), e.credentials(), true),
        Liveness.HEARTBEAT_INTERVAL_S * 1000L, Liveness.STATUS_REFRESH_S * 1000L,
        Liveness.KEEP_ALIVE_S);
    URI broker = URI.create(hub.brokerUri());
    fleet.connectAll(broker.getHost(), broker.getPort(), 10, 120_000);
    System.out.printf("  %d simulated devices enrolled in %.1f s and connected over TLS%n",
        devices, e.seconds());
    return e.seconds();
  }

  @Override
  public void close() {
    if (fleet != null) {
      fleet.close();
    }
  }
}
