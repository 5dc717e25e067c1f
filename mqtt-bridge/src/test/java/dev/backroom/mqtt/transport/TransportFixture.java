package dev.backroom.mqtt.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.backroom.mqtt.transport.MqttTransport.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Brokers on free loopback ports and transports that are closed after each test. */
final class TransportFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TestMosquitto startBroker(int port) {
    return TestMosquitto.start(port);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  PahoMqttTransport transport(String uri, String clientId) {
    return transport(MqttOptions.of(uri, clientId));
  }

  PahoMqttTransport transport(MqttOptions options) {
    PahoMqttTransport t = new PahoMqttTransport(options);
    toClose.add(t);
    return t;
  }

  /** A started transport, once connected. */
  PahoMqttTransport connected(String uri, String clientId) {
    PahoMqttTransport t = transport(uri, clientId);
    t.start();
    await().atMost(WAIT).until(t::isConnected);
    return t;
  }

  /** Waits for a message on {@code topic} and returns it, its payload checked. */
  static Message awaitMessage(List<Message> received, String topic, String payload) {
    Message m = await().atMost(WAIT).until(
        () -> received.stream().filter(x -> x.topic().equals(topic)).findFirst().orElse(null),
        x -> x != null);
    assertArrayEquals(bytes(payload), m.payload(),
        () -> new String(m.payload(), StandardCharsets.UTF_8));
    return m;
  }

  @Override
  public void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    toClose.clear();
  }
}
