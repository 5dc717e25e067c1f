package dev.backroom.hub.broker;

import java.util.List;

/** The hub's Mosquitto could not listen: another process holds one of its ports. */
public final class MosquittoPortInUseException extends IllegalStateException {
  private final int port;

  MosquittoPortInUseException(String host, int port, List<String> said) {
    super("port " + port + " on " + host + " is already in use by another process, so the hub's"
        + " Mosquitto cannot listen there. If it is the system's Mosquitto (Debian's package starts"
        + " one on 1883), stop it (systemctl disable --now mosquitto) or give the hub another port"
        + " (backroom.mqtt.port). Mosquitto said: " + String.join(" | ", said));
    this.port = port;
  }

  public int port() {
    return port;
  }
}
