package dev.backroom.mqtt;

/**
 * How a device shows that it is alive, and the defaults the agent, the hub and the bench's
 * simulated agents share (docs/architecture.md, "Liveness", says why these values).
 *
 * <p>The MQTT keep-alive carries liveness between heartbeats: Mosquitto drops a client it has
 * heard nothing from (not even a PINGREQ) for 1.5 times its keep-alive (checked on a coarse
 * timer, a few seconds late) and publishes the client's last will, which marks the device lost
 * at once. It delivers a will only where its client may publish, so a will speaks for no one else. A
 * device that dies, freezes or loses its cable is therefore lost within 1.5 x {@link
 * #KEEP_ALIVE_S}, however rarely it heartbeats. Heartbeats and status reports are the hub's own
 * evidence, a backstop for a will that never reaches it: a device not heard from within the
 * hub's heartbeat timeout is lost too.
 */
public final class Liveness {
  /**
   * The MQTT keep-alive an agent asks for, in seconds; silent for 1.5 x this (30 s), it is
   * dropped and its will published. Paho pings whenever it has received nothing for this long,
   * so it also sets how many PINGREQs the broker answers: at 10 s, 1,000 agents sent ~60/s.
   */
  public static final int KEEP_ALIVE_S = 20;

  /** How often an agent publishes a heartbeat (QoS 0), in seconds. */
  public static final int HEARTBEAT_INTERVAL_S = 30;

  /**
   * How often, on average, an agent repeats an unchanged status report (QoS 1), in seconds; each
   * device's period is spread over 0.8 to 1.2 times this by its id, so a fleet that all reported
   * in one placement does not repeat in one burst. Every change goes out at once and at QoS 1,
   * an agent reports again on every reconnect, and the hub keeps what it last heard in H2, so
   * the repeat is only anti-entropy for a report the hub failed to apply. At 30 s it was 30 of an
   * idle 1,000-device hub's 82 messages a second, and going to 300 s took its idle CPU from
   * 5.5-6.9 % to 4.4 % of a core (scale bench, same machine).
   */
  public static final int STATUS_REFRESH_S = 300;

  /**
   * The hub's default heartbeat timeout, three heartbeat intervals: a lost QoS 0 heartbeat or
   * a slow one is not taken for a lost device.
   */
  public static final String HEARTBEAT_TIMEOUT_DEFAULT = 3 * HEARTBEAT_INTERVAL_S + "s";

  /** {@link #HEARTBEAT_INTERVAL_S} as text, for the agent's --heartbeat-interval default. */
  public static final String HEARTBEAT_INTERVAL_DEFAULT = "" + HEARTBEAT_INTERVAL_S;

  private Liveness() {}
}
