package dev.backroom.bench;

import dev.backroom.harness.HubProcess;
import java.nio.file.Path;

/** The simulated devices of the footprint bench: enrolled, over TLS, with their credentials. */
final class FootprintFleet implements AutoCloseable {
  private final HubProcess hub;
  private final int devices;

  FootprintFleet(HubProcess hub, int devices, Path dir) {
    this.hub = hub;
    this.devices = devices;
  }

  /** Enrols and connects every device; returns the seconds enrolment took. */
  double connect() {
    if (devices > 0) {
      throw new UnsupportedOperationException("simulated devices over TLS: not wired yet");
    }
    return 0;
  }

  @Override
  public void close() {}
}
