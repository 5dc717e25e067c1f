package dev.backroom.hub.broker.conformance;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT 3.1.1 packets by hand, so a test sees what a client library hides: the RETAIN and DUP
 * flags, CONNACK and SUBACK codes, whether a refused PUBLISH was acknowledged, and a client that
 * withholds its acknowledgements on purpose.
 */
final class RawMqtt {
  static final int CONNECT = 1;
  static final int CONNACK = 2;
  static final int PUBLISH = 3;
  static final int PUBACK = 4;
  static final int PUBREC = 5;
  static final int PUBREL = 6;
  static final int PUBCOMP = 7;
  static final int SUBSCRIBE = 8;
  static final int SUBACK = 9;
  static final int PINGREQ = 12;
  static final int PINGRESP = 13;
  static final int DISCONNECT = 14;

  /** CONNACK return codes (MQTT 3.1.1 table 3.1). */
  static final int ACCEPTED = 0;
  static final int IDENTIFIER_REJECTED = 2;
  static final int BAD_USERNAME_OR_PASSWORD = 4;
  static final int NOT_AUTHORIZED = 5;
  /** The SUBACK return code of a refused subscription. */
  static final int SUBSCRIPTION_FAILED = 0x80;

  private RawMqtt() {}

  /** A Will: published by the broker when the connection ends without a DISCONNECT. */
  record Will(String topic, byte[] payload, int qos, boolean retain) {
    static Will of(String topic, String payload) {
      return new Will(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }
  }

  /** One received packet: its type, the four flag bits of its fixed header, and the rest. */
  record Packet(int type, int flags, byte[] body) {
    boolean isPublish() {
      return type == PUBLISH;
    }

    int qos() {
      return (flags >> 1) & 3;
    }

    boolean retain() {
      return (flags & 1) != 0;
    }

    boolean dup() {
      return (flags & 8) != 0;
    }

    String topic() {
      int n = u16(0);
      return new String(body, 2, n, StandardCharsets.UTF_8);
    }

    /** The packet id of a QoS 1/2 PUBLISH, or of an ack. */
    int packetId() {
      return isPublish() ? u16(2 + u16(0)) : u16(0);
    }

    String payload() {
      int start = 2 + u16(0) + (qos() > 0 ? 2 : 0);
      return new String(body, start, body.length - start, StandardCharsets.UTF_8);
    }

    /** A CONNACK's return code. */
    int returnCode() {
      return body[1] & 0xff;
    }

    boolean sessionPresent() {
      return (body[0] & 1) != 0;
    }

    /** A SUBACK's return codes, one per filter. */
    List<Integer> grantedQos() {
      List<Integer> codes = new ArrayList<>();
      for (int i = 2; i < body.length; i++) {
        codes.add(body[i] & 0xff);
      }
      return codes;
    }

    private int u16(int at) {
      return ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff);
    }

    @Override
    public String toString() {
      return isPublish() ? "PUBLISH(q" + qos() + (retain() ? ",retain" : "") + (dup() ? ",dup" : "")
          + " " + topic() + " '" + payload() + "')" : "packet type " + type;
    }
  }

  static byte[] connect(String clientId, boolean cleanSession, String username, char[] password,
      Will will, int keepAliveSeconds) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    writeString(b, "MQTT");
    b.write(4);
    int flags = cleanSession ? 0x02 : 0;
    if (will != null) {
      flags |= 0x04 | (will.qos() << 3) | (will.retain() ? 0x20 : 0);
    }
    if (username != null) {
      flags |= 0x80;
    }
    if (password != null) {
      flags |= 0x40;
    }
    b.write(flags);
    b.write(keepAliveSeconds >> 8);
    b.write(keepAliveSeconds);
    writeString(b, clientId);
    if (will != null) {
      writeString(b, will.topic());
      writeBytes(b, will.payload());
    }
    if (username != null) {
      writeString(b, username);
    }
    if (password != null) {
      writeString(b, new String(password));
    }
    return packet(CONNECT << 4, b.toByteArray());
  }

  static byte[] subscribe(int packetId, int qos, List<String> filters) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(packetId >> 8);
    b.write(packetId);
    for (String f : filters) {
      writeString(b, f);
      b.write(qos);
    }
    return packet((SUBSCRIBE << 4) | 0x02, b.toByteArray());
  }

  static byte[] publish(String topic, String payload, int qos, boolean retain, int packetId) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    writeString(b, topic);
    if (qos > 0) {
      b.write(packetId >> 8);
      b.write(packetId);
    }
    b.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    return packet((PUBLISH << 4) | (qos << 1) | (retain ? 1 : 0), b.toByteArray());
  }

  /** PUBACK, PUBREC, PUBREL (whose flags must be 0010) or PUBCOMP for {@code packetId}. */
  static byte[] ack(int type, int packetId) {
    return new byte[] {(byte) ((type << 4) | (type == PUBREL ? 0x02 : 0)), 2,
        (byte) (packetId >> 8), (byte) packetId};
  }

  static byte[] pingreq() {
    return new byte[] {(byte) (PINGREQ << 4), 0};
  }

  static byte[] disconnect() {
    return new byte[] {(byte) (DISCONNECT << 4), 0};
  }

  /** Reads one packet; throws {@link java.io.EOFException} when the peer closed the connection. */
  static Packet read(DataInputStream in) throws IOException {
    int header = in.readUnsignedByte();
    int length = 0;
    int shift = 0;
    int digit;
    do {
      digit = in.readUnsignedByte();
      length |= (digit & 0x7f) << shift;
      shift += 7;
    } while ((digit & 0x80) != 0);
    byte[] body = new byte[length];
    in.readFully(body);
    return new Packet(header >> 4, header & 0x0f, body);
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    out.write(b.length >> 8);
    out.write(b.length);
    out.writeBytes(b);
  }

  private static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(header);
    int length = body.length;
    do {
      int digit = length % 128;
      length /= 128;
      p.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    p.writeBytes(body);
    return p.toByteArray();
  }
}
