package dev.backroom.mqtt.transport;

/**
 * How to reach the broker. {@code willTopic}/{@code willPayload} may be null for no last will.
 * The will asks to be retained, but Moquette 0.17 only forwards it to current subscribers, so
 * the hub never relies on it alone: a device not heard from within the heartbeat timeout is lost.
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

  public MqttOptions withCredentials(String user, char[] pass) {
    return new MqttOptions(serverUri, clientId, user, pass, keepAliveSeconds, willTopic, willPayload);
  }

  public MqttOptions withKeepAlive(int seconds) {
    return new MqttOptions(serverUri, clientId, username, password, seconds, willTopic, willPayload);
  }
}
