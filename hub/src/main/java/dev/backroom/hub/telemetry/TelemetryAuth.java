package dev.backroom.hub.telemetry;

import io.vertx.mqtt.MqttAuth;

/**
 * Decides whether a workload may connect to the telemetry listener. Every connection is accepted
 * for now; authenticating workloads is a later issue, and this is where it plugs in.
 */
@FunctionalInterface
public interface TelemetryAuth {
  TelemetryAuth ACCEPT_ALL = (clientId, auth) -> true;

  /** auth is null when the client sent no user name. */
  boolean accept(String clientId, MqttAuth auth);
}
