package dev.backroom.agent.mqtt;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.transport.MqttTransport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An MQTT transport in memory: records publishes, delivers what the test injects. */
final class FakeTransport implements MqttTransport {
  record Published(String topic, byte[] payload, int qos, boolean retained) {}

  final List<Published> published = new CopyOnWriteArrayList<>();
  final List<String> subscriptions = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, Handler>> handlers = new CopyOnWriteArrayList<>();
  private final List<ConnectListener> listeners = new CopyOnWriteArrayList<>();
  volatile boolean connected;
  volatile boolean closed;

  @Override
  public void subscribe(String filter, int qos, Handler handler) {
    subscriptions.add(filter + "@" + qos);
    handlers.add(Map.entry(filter, handler));
  }

  @Override
  public void onConnected(ConnectListener listener) {
    listeners.add(listener);
  }

  @Override
  public void onDisconnected(DisconnectListener listener) {
    // the agent does not listen for it; no test here loses the connection
  }

  @Override
  public void start() {}

  void connect(boolean reconnect) {
    connected = true;
    listeners.forEach(l -> l.onConnected(reconnect));
  }

  /** Delivers to the handlers whose filter matches {@code topic}, as a broker would. */
  void deliver(String topic, byte[] payload) {
    handlers.stream().filter(h -> Topics.matches(h.getKey(), topic))
        .forEach(h -> h.getValue().onMessage(new Message(topic, payload, true)));
  }

  @Override
  public boolean publish(String topic, byte[] payload, int qos, boolean retained) {
    if (!connected) {
      return false;
    }
    published.add(new Published(topic, payload, qos, retained));
    return true;
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public void close() {
    closed = true;
    connected = false;
  }
}
