package dev.backroom.mqtt.security;

/**
 * Checks a client's password for the principal its user name names. Called by the broker on
 * every CONNECT, on a broker thread: it must be thread-safe and should be quick (a hub caches
 * what its slow password hash has already verified).
 */
@FunctionalInterface
public interface BrokerAuthenticator {
  /** Whether {@code password} (null when none was sent) proves {@code principal}. */
  boolean verify(MqttPrincipal principal, byte[] password);
}
