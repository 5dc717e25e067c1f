package dev.backroom.hub.telemetry;

import io.vertx.mqtt.MqttAuth;

/**
 * Decides whether a workload may connect to the telemetry listener. The hub plugs in the bean of
 * this type that enrolment produces ({@code MqttCredentials}: workload credentials handed out at
 * enrolment); {@link #ACCEPT_ALL} only in the explicit insecure mode
 * ({@code backroom.mqtt.allow-anonymous}).
 */
@FunctionalInterface
public interface TelemetryAuth {
  TelemetryAuth ACCEPT_ALL = (clientId, auth) -> true;

  /** auth is null when the client sent no user name. */
  boolean accept(String clientId, MqttAuth auth);
}
