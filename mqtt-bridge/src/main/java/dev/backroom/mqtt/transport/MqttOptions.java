package dev.backroom.mqtt.transport;

/**
 * How to reach the broker. {@code willTopic}/{@code willPayload} may be null for no last will;
 * the will is published retained so a restarted hub still sees who went away.
 */
public record MqttOptions(
    String serverUri,
    String clientId,
    String username,
    char[] password,
    int keepAliveSeconds,
    String willTopic,
    byte[] willPayload) {

  public static MqttOptions of(String serverUri, String clientId) {
    return new MqttOptions(serverUri, clientId, null, null, 10, null, null);
  }

  public MqttOptions withWill(String topic, byte[] payload) {
    return new MqttOptions(serverUri, clientId, username, password, keepAliveSeconds, topic, payload);
  }

  public MqttOptions withKeepAlive(int seconds) {
    return new MqttOptions(serverUri, clientId, username, password, seconds, willTopic, willPayload);
  }
}
