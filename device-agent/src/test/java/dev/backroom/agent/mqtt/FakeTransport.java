package dev.backroom.agent.mqtt;

import dev.backroom.mqtt.transport.MqttTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An MQTT transport in memory: records publishes, delivers what the test injects. */
final class FakeTransport implements MqttTransport {
  record Published(String topic, byte[] payload, int qos, boolean retained) {}

  final List<Published> published = new CopyOnWriteArrayList<>();
  final List<String> subscriptions = new CopyOnWriteArrayList<>();
  private final List<Handler> handlers = new CopyOnWriteArrayList<>();
  private final List<ConnectListener> listeners = new CopyOnWriteArrayList<>();
  volatile boolean connected;
  volatile boolean closed;

  @Override
  public void subscribe(String filter, int qos, Handler handler) {
    subscriptions.add(filter + "@" + qos);
    handlers.add(handler);
  }

  @Override
  public void onConnected(ConnectListener listener) {
    listeners.add(listener);
  }

  @Override
  public void start() {}

  void connect(boolean reconnect) {
    connected = true;
    listeners.forEach(l -> l.onConnected(reconnect));
  }

  void deliver(String topic, byte[] payload) {
    handlers.forEach(h -> h.onMessage(new Message(topic, payload, true)));
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
