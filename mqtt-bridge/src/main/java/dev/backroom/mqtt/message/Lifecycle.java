package dev.backroom.mqtt.message;

/** {@code online} on connect, {@code offline} when the agent leaves or its last will fires. */
public record Lifecycle(String deviceId, String state, String reason) implements WireMessage {
  @Override
  public String problem() {
    return ONLINE.equals(state) || OFFLINE.equals(state) ? null : "state must be online or offline";
  }

  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";
}
