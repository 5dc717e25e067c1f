package dev.backroom.mqtt.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * MQTT 3.1.1 packets by hand, for races no client library makes on purpose: packets sent before
 * the CONNACK, or from a connection whose client id was taken over. Lengths stay under 128 bytes.
 */
final class RawMqtt {
  private RawMqtt() {}

  /** A loopback port free a moment ago, for a broker the test starts. */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static byte[] connect(String clientId) {
    return connect(clientId, true);
  }

  static byte[] connect(String clientId, boolean cleanSession) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) (cleanSession ? 0x02 : 0), 0, 60});
    body.write(id.length >> 8);
    body.write(id.length);
    body.writeBytes(id);
    return packet(0x10, body.toByteArray());
  }

  static byte[] subscribe(int packetId, String topic) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(packetId >> 8);
    body.write(packetId);
    writeString(body, topic);
    body.write(1);
    return packet(0x82, body.toByteArray());
  }

  static byte[] publishQos1(int packetId, String topic, String payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, topic);
    body.write(packetId >> 8);
    body.write(packetId);
    body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    return packet(0x32, body.toByteArray());
  }

  static byte[] puback(int packetId) {
    return new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId};
  }

  /** One packet: its type nibble (flags dropped) in [0], its variable header and payload after. */
  static byte[] read(DataInputStream in) throws IOException {
    int type = in.readUnsignedByte() >> 4;
    int length = in.readUnsignedByte();
    byte[] b = new byte[length + 1];
    b[0] = (byte) type;
    in.readFully(b, 1, length);
    return b;
  }

  /** The packet id of a QoS 1 PUBLISH as {@link #read} returns it. */
  static int publishPacketId(byte[] publish) {
    int topicLength = ((publish[1] & 0xff) << 8) | (publish[2] & 0xff);
    return ((publish[3 + topicLength] & 0xff) << 8) | (publish[4 + topicLength] & 0xff);
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length);
    out.writeBytes(b);
  }

  private static byte[] packet(int header, byte[] body) {
    byte[] p = new byte[2 + body.length];
    p[0] = (byte) header;
    p[1] = (byte) body.length;
    System.arraycopy(body, 0, p, 2, body.length);
    return p;
  }
}
