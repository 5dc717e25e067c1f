package dev.backroom.mqtt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that sends SUBSCRIBE and PUBLISH right behind its CONNECT, in one TCP write, as MQTT
 * allows. Moquette 0.17 alone drops such a client: the packets reach it before it has marked the
 * connection connected. Through the gate, every round gets its CONNACK, SUBACK, PUBACK and its
 * own message back.
 */
class ConnectGateIT {
  private EmbeddedBroker broker;
  private int port;

  @BeforeEach
  void start() throws Exception {
    port = RawMqtt.freePort();
    broker = new EmbeddedBroker("127.0.0.1", port);
    broker.start(64 * 1024);
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void packetsSentBeforeTheConnackAreServedInOrder() throws Exception {
    for (int round = 0; round < 20; round++) {
      String id = "eager-" + round;
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        burst.writeBytes(RawMqtt.connect(id));
        burst.writeBytes(RawMqtt.subscribe(1, "t/" + id));
        burst.writeBytes(RawMqtt.publishQos1(2, "t/" + id, "hello"));
        s.getOutputStream().write(burst.toByteArray());
        DataInputStream in = new DataInputStream(s.getInputStream());
        assertEquals(2, RawMqtt.read(in)[0], "round " + round + ": CONNACK first");
        assertEquals(9, RawMqtt.read(in)[0], "round " + round + ": SUBACK for the held SUBSCRIBE");
        // The PUBACK and the delivery of the message to its own subscriber come in either order.
        Set<Integer> rest = new HashSet<>();
        rest.add((int) RawMqtt.read(in)[0]);
        rest.add((int) RawMqtt.read(in)[0]);
        assertEquals(Set.of(3, 4), rest, "round " + round + ": PUBLISH delivered and PUBACK");
      }
    }
    assertTrue(broker.packetsHeldForConnect() > 0, "the gate never had to hold a packet");
    assertEquals(20, broker.resendTimersRemoved(), "every open connection loses the 5 s timer");
  }

  /**
   * Without the in-session resend timer, an unacknowledged QoS 1 message still reaches its
   * client: MQTT's redelivery on reconnect, with the same packet id and the DUP flag.
   */
  @Test
  void anUnacknowledgedMessageIsDeliveredAgainOnReconnect() throws Exception {
    int packetId;
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(RawMqtt.connect("forgetful", false));
      DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
      assertEquals(2, RawMqtt.read(in)[0]);
      s.getOutputStream().write(RawMqtt.subscribe(1, "t/forgetful"));
      assertEquals(9, RawMqtt.read(in)[0]);
      try (Socket p = new Socket("127.0.0.1", port)) {
        p.setSoTimeout(10_000);
        p.getOutputStream().write(RawMqtt.connect("sender"));
        DataInputStream pin = new DataInputStream(p.getInputStream());
        assertEquals(2, RawMqtt.read(pin)[0]);
        p.getOutputStream().write(RawMqtt.publishQos1(7, "t/forgetful", "once"));
        assertEquals(4, RawMqtt.read(pin)[0]);
      }
      in.mark(2);
      int header = in.readUnsignedByte();
      assertEquals(0x32, header, "QoS 1 PUBLISH, not yet a duplicate");
      in.reset();
      packetId = RawMqtt.publishPacketId(RawMqtt.read(in));
      // No PUBACK: the connection ends with the message in flight.
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(RawMqtt.connect("forgetful", false));
      DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
      assertEquals(2, RawMqtt.read(in)[0]);
      in.mark(2);
      int header = in.readUnsignedByte();
      in.reset();
      byte[] again = RawMqtt.read(in);
      assertEquals(0x3a, header, "QoS 1 PUBLISH with DUP set");
      assertEquals(packetId, RawMqtt.publishPacketId(again));
      s.getOutputStream().write(RawMqtt.puback(packetId));
    }
  }
}
