package dev.backroom.mqtt.transport;

import dev.backroom.mqtt.Liveness;

/**
 * How to reach the broker. {@code willTopic}/{@code willPayload} may be null for no last will.
 * The will asks to be retained; the hub still never relies on it alone: a device not heard from
 * within the heartbeat timeout is lost.
 * The keep-alive defaults to {@link Liveness#KEEP_ALIVE_S}. {@code tls} makes the sockets of an
 * {@code ssl://} URI; null there would mean the JVM's default trust store, which Backroom never
 * wants (see {@link dev.backroom.mqtt.tls.PinnedCa}), so {@link PahoMqttTransport} refuses it.
 */
public record MqttOptions(
    String serverUri,
    String clientId,
    String username,
    char[] password,
    int keepAliveSeconds,
    String willTopic,
    byte[] willPayload,
    javax.net.ssl.SSLSocketFactory tls) {

  /** Without TLS sockets: for {@code tcp://} URIs. */
  public MqttOptions(String serverUri, String clientId, String username, char[] password,
      int keepAliveSeconds, String willTopic, byte[] willPayload) {
    this(serverUri, clientId, username, password, keepAliveSeconds, willTopic, willPayload, null);
  }

  public static MqttOptions of(String serverUri, String clientId) {
    return new MqttOptions(serverUri, clientId, null, null, Liveness.KEEP_ALIVE_S, null, null);
  }

  public MqttOptions withWill(String topic, byte[] payload) {
    return new MqttOptions(serverUri, clientId, username, password, keepAliveSeconds, topic, payload, tls);
  }

  public MqttOptions withCredentials(String user, char[] pass) {
    return new MqttOptions(serverUri, clientId, user, pass, keepAliveSeconds, willTopic, willPayload, tls);
  }

  public MqttOptions withKeepAlive(int seconds) {
    return new MqttOptions(serverUri, clientId, username, password, seconds, willTopic, willPayload, tls);
  }

  /** The sockets for an {@code ssl://} URI (null for none). */
  public MqttOptions withTls(javax.net.ssl.SSLSocketFactory factory) {
    return new MqttOptions(serverUri, clientId, username, password, keepAliveSeconds, willTopic,
        willPayload, factory);
  }

  public boolean isTls() {
    return serverUri.startsWith("ssl://");
  }
}
