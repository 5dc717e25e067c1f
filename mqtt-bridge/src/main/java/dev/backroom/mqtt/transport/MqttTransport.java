package dev.backroom.mqtt.transport;

/**
 * A connection to one MQTT 3.1.1 broker that keeps itself connected. Subscriptions are
 * restored after every reconnect. Handlers run on the transport's thread and must be quick.
 */
public interface MqttTransport extends AutoCloseable {

  /** A message as received. */
  record Message(String topic, byte[] payload, boolean retained) {}

  @FunctionalInterface
  interface Handler {
    void onMessage(Message message);
  }

  /** Called after each (re)connect, once subscriptions are restored. */
  @FunctionalInterface
  interface ConnectListener {
    void onConnected(boolean reconnect);
  }

  /** Called when an established connection is lost, before reconnecting starts. */
  @FunctionalInterface
  interface DisconnectListener {
    void onDisconnected();
  }

  /** Registers a subscription; it is (re)made on every connect. */
  void subscribe(String filter, int qos, Handler handler);

  void onConnected(ConnectListener listener);

  void onDisconnected(DisconnectListener listener);

  /**
   * Starts connecting in the background and returns at once; keeps retrying with backoff
   * while the broker is unreachable. Never blocks the caller on the network.
   */
  void start();

  /**
   * Publishes; returns false without blocking when not connected. Retained messages replace the
   * broker's copy.
   */
  boolean publish(String topic, byte[] payload, int qos, boolean retained);

  boolean isConnected();

  @Override
  void close();
}
