package dev.backroom.agent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import dev.backroom.mqtt.transport.TestMosquitto;
import dev.backroom.mqtt.signing.EnvelopeSigner;
import dev.backroom.mqtt.signing.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Mosquitto on a free loopback port plus a client that plays the hub, signing what it
 * assigns with its own key as the hub does; agents get the public key as a file
 * ({@link #signingKeyFile}, their {@code --hub-signing-key}).
 */
final class TestHub implements AutoCloseable {
  final MessageCodec codec = new MessageCodec();
  private final KeyPair keys = SigningKeys.generate();
  private final EnvelopeSigner signer = new EnvelopeSigner(keys, MessageCodec.DEFAULT_MAX_BYTES);
  private final Path signingKeyFile;
  /** A new one per (re)start, as the hub's. */
  private long epoch = System.currentTimeMillis();
  final Map<String, StatusReport> status = new ConcurrentHashMap<>();
  final Map<String, Capabilities> capabilities = new ConcurrentHashMap<>();
  final Map<String, Lifecycle> lifecycle = new ConcurrentHashMap<>();
  private final int port;
  private TestMosquitto broker;
  private PahoMqttTransport client;

  TestHub() {
    this.port = freePort();
    try {
      signingKeyFile = Files.createTempFile("test-hub-signing-key", ".pem");
      Files.writeString(signingKeyFile, SigningKeys.publicPem(keys.getPublic()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path signingKeyFile() {
    return signingKeyFile;
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  TestHub start() {
    broker = TestMosquitto.start(port);
    client = new PahoMqttTransport(MqttOptions.of(uri(), "test-hub-" + port));
    client.subscribe(Topics.allDevices(Topics.STATUS), 1, m -> decode(m.payload(),
        Topics.STATUS, StatusReport.class, r -> status.put(r.deviceId(), r)));
    client.subscribe(Topics.allDevices(Topics.CAPABILITIES), 1, m -> decode(m.payload(),
        Topics.CAPABILITIES, Capabilities.class, c -> capabilities.put(c.deviceId(), c)));
    client.subscribe(Topics.allDevices(Topics.LIFECYCLE), 1, m -> decode(m.payload(),
        Topics.LIFECYCLE, Lifecycle.class, l -> lifecycle.put(l.deviceId(), l)));
    client.start();
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(client::isConnected);
    return this;
  }

  private <T> void decode(byte[] payload, String type, Class<T> cls,
      java.util.function.Consumer<T> sink) {
    if (codec.decode(payload, type, null, cls) instanceof Decoded.Ok<T> ok) {
      sink.accept(ok.body());
    }
  }

  /** Publishes retained and signed, as the hub does. */
  void assign(Assignment a) {
    byte[] bytes = signer.sign(Topics.ASSIGNMENT, a.deviceId(), System.currentTimeMillis(),
        epoch, 0, a);
    assertTrue(client.publish(Topics.assignment(a.deviceId()), bytes, 1, true), "published");
  }

  void publishRaw(String deviceId, byte[] payload) {
    publishRaw(deviceId, payload, false);
  }

  void publishRaw(String deviceId, byte[] payload, boolean retained) {
    assertTrue(client.publish(Topics.assignment(deviceId), payload, 1, retained), "published");
  }

  /**
   * Starts a fresh broker on the same port, as after a hub restart: it holds no retained
   * messages until the hub publishes them again.
   */
  TestHub restart() {
    if (broker != null && broker.isRunning()) {
      stopBroker();
    }
    epoch = Math.max(System.currentTimeMillis(), epoch + 1);
    return start();
  }

  /** Stops the broker (the "hub is down" case); the client keeps trying to reconnect. */
  void stopBroker() {
    client.close();
    broker.close();
  }

  @Override
  public void close() {
    if (broker != null && broker.isRunning()) {
      stopBroker();
    }
    try {
      Files.deleteIfExists(signingKeyFile);
    } catch (IOException e) {
      // a temp file; the OS cleans up
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
