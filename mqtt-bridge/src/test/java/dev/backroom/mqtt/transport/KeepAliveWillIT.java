package dev.backroom.mqtt.transport;

import static dev.backroom.mqtt.transport.TransportFixture.WAIT;
import static dev.backroom.mqtt.transport.TransportFixture.awaitMessage;
import static dev.backroom.mqtt.transport.TransportFixture.bytes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.transport.MqttTransport.Message;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The liveness model rests on this (dev.backroom.mqtt.Liveness): Mosquitto drops a
 * client that goes silent, without closing its TCP connection, after 1.5 x its keep-alive and
 * publishes its last will, and keep-alive PINGREQs alone keep a client that publishes nothing
 * connected. The device is a raw socket speaking MQTT 3.1.1, so that "silent" means no packet
 * at all (a frozen process, a pulled cable), which no client library lets a test do.
 */
class KeepAliveWillIT {
  private static final int KEEP_ALIVE_S = 1;

  private final TransportFixture fx = new TransportFixture();
  private TestMosquitto broker;
  private final List<Message> lifecycle = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    broker = TransportFixture.startBroker(TransportFixture.freePort());
    PahoMqttTransport hub = fx.transport(broker.uri(), "hub-keepalive");
    hub.subscribe(Topics.allDevices(Topics.LIFECYCLE), 1, lifecycle::add);
    hub.start();
    await().atMost(WAIT).until(hub::isConnected);
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    broker.close();
  }

  @Test
  void silentClient_isDroppedAfterOneAndAHalfKeepAlives_andItsWillPublished() throws Exception {
    try (Socket device = connect("agent-silent-1")) {
      long silentFrom = System.nanoTime();

      Message will = awaitMessage(lifecycle, Topics.lifecycle("agent-silent-1"), "offline");

      double afterS = (System.nanoTime() - silentFrom) / 1e9;
      // Mosquitto allows 1.5 x keep-alive, but 2.0 checks keep-alives on a coarse timer: the
      // will came 3.5 to 5 s after silence here (at the agents' 20 s keep-alive: 30 to 35 s).
      assertTrue(afterS >= KEEP_ALIVE_S, "will fired after " + afterS + " s, before the keep-alive ran out");
      assertTrue(afterS < 1.5 * KEEP_ALIVE_S + 6, "will fired only after " + afterS + " s");
      assertArrayEquals(bytes("offline"), will.payload());
      assertTrue(closedByBroker(device), "the broker closed the connection");
    }
  }

  @Test
  void pingsAlone_keepAClientConnected_andItsWillUnpublished() throws Exception {
    try (Socket device = connect("agent-pinging-1")) {
      OutputStream out = device.getOutputStream();
      InputStream in = device.getInputStream();
      long until = System.nanoTime() + Duration.ofSeconds(4 * KEEP_ALIVE_S).toNanos();
      while (System.nanoTime() < until) {
        out.write(new byte[] {(byte) 0xC0, 0}); // PINGREQ
        out.flush();
        assertArrayEquals(new byte[] {(byte) 0xD0, 0}, in.readNBytes(2), "PINGRESP");
        Thread.sleep(KEEP_ALIVE_S * 600L);
      }
      assertTrue(lifecycle.stream().noneMatch(m -> m.topic().equals(Topics.lifecycle("agent-pinging-1"))),
          "a client that pings was taken for gone");

      awaitMessage(lifecycle, Topics.lifecycle("agent-pinging-1"), "offline"); // once it stops
    }
  }

  private static boolean closedByBroker(Socket s) throws IOException {
    s.setSoTimeout((int) WAIT.toMillis());
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** CONNECT with a clean session, the keep-alive and a retained QoS 1 will "offline". */
  private Socket connect(String clientId) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(),
        Integer.parseInt(broker.uri().substring(broker.uri().lastIndexOf(':') + 1)));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(body);
    d.writeUTF("MQTT");
    d.writeByte(4); // protocol level 3.1.1
    d.writeByte(0x02 | 0x04 | 0x08 | 0x20); // clean session, will, will QoS 1, will retain
    d.writeShort(KEEP_ALIVE_S);
    d.writeUTF(clientId);
    d.writeUTF(Topics.lifecycle(clientId));
    byte[] will = "offline".getBytes(StandardCharsets.UTF_8);
    d.writeShort(will.length);
    d.write(will);
    OutputStream out = s.getOutputStream();
    out.write(0x10);
    out.write(body.size()); // under 128 bytes: one length byte
    body.writeTo(out);
    out.flush();
    assertArrayEquals(new byte[] {0x20, 2, 0, 0}, s.getInputStream().readNBytes(4), "CONNACK accepted");
    return s;
  }
}
