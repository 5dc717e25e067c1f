package dev.backroom.hub.broker.conformance;

import static dev.backroom.hub.broker.conformance.RawMqtt.CONNACK;
import static dev.backroom.hub.broker.conformance.RawMqtt.PINGRESP;
import static dev.backroom.hub.broker.conformance.RawMqtt.PUBACK;
import static dev.backroom.hub.broker.conformance.RawMqtt.PUBREC;
import static dev.backroom.hub.broker.conformance.RawMqtt.PUBREL;
import static dev.backroom.hub.broker.conformance.RawMqtt.PUBCOMP;
import static dev.backroom.hub.broker.conformance.RawMqtt.SUBACK;

import dev.backroom.hub.broker.conformance.RawMqtt.Packet;
import dev.backroom.hub.broker.conformance.RawMqtt.Will;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One MQTT 3.1.1 connection driven packet by packet. A reader thread files what the broker
 * sends in an {@link Inbox} and, unless told not to, acknowledges PUBLISHes as a well-behaved
 * client would. Every wait is bounded; the connection's end is itself an event to wait for.
 */
final class RawClient implements AutoCloseable {
  /** Bounds every wait for an answer the broker owes. */
  static final Duration ANSWER = Duration.ofSeconds(5);
  private static final Packet CLOSED = Inbox.CLOSED;

  /** The TCP connection, under TLS or not: an abrupt end is made on it, not on the TLS layer. */
  private final Socket tcp;
  private final Socket socket;
  private final OutputStream out;
  private final Inbox inbox = new Inbox();
  private final AtomicInteger packetIds = new AtomicInteger();
  private final String label;
  private volatile boolean acknowledge = true;

  private RawClient(Socket tcp, Socket socket, String label) throws IOException {
    this.tcp = tcp;
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.label = label;
    Thread reader = new Thread(this::readLoop, "raw-mqtt-" + label);
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens a connection (TLS if the broker's listener is) to the broker; sends nothing yet. */
  static RawClient open(BrokerUnderTest broker, String label) {
    try {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(broker.host(), broker.port()), (int) ANSWER.toMillis());
      if (broker.tls() == null) {
        return new RawClient(s, s, label);
      }
      SSLSocket tls = (SSLSocket) broker.tls().createSocket(s, broker.host(), broker.port(), true);
      SSLParameters p = tls.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
      tls.setSSLParameters(p);
      tls.setSoTimeout((int) ANSWER.toMillis());
      tls.startHandshake();
      tls.setSoTimeout(0);
      return new RawClient(s, tls, label);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + broker + " at " + broker.host() + ":"
          + broker.port(), e);
    }
  }

  /**
   * Opens a connection and sends CONNECT; returns the client whatever the broker answered, so the
   * caller asserts on {@link #connack}. {@code account} null connects without credentials.
   */
  static RawClient connect(BrokerUnderTest broker, String clientId, Account account,
      boolean cleanSession, Will will) {
    RawClient c = open(broker, clientId.isEmpty() ? "(empty id)" : clientId);
    c.send(RawMqtt.connect(clientId, cleanSession, account == null ? null : account.username(),
        account == null ? null : account.password(), will, 60));
    return c;
  }

  /** Connects with the account's own client id and a clean session, and requires CONNACK 0. */
  static RawClient connected(BrokerUnderTest broker, Account account) {
    RawClient c = connect(broker, account.clientId(), account, true, null);
    c.requireAccepted();
    return c;
  }

  /** The CONNACK, or {@code null} when the broker closed the connection without one. */
  Packet connack() {
    Packet p = inbox.await(CONNACK, -1, ANSWER);
    if (p == null) {
      throw new AssertionError(label + ": no CONNACK within " + ANSWER + " and connection open");
    }
    return p == CLOSED ? null : p;
  }

  void requireAccepted() {
    Packet p = connack();
    if (p == null || p.returnCode() != RawMqtt.ACCEPTED) {
      throw new AssertionError(label + ": connect refused: "
          + (p == null ? "connection closed" : "CONNACK " + p.returnCode()));
    }
  }

  /** Stops acknowledging PUBLISHes, as a client that crashes before processing them. */
  void withholdAcknowledgements() {
    acknowledge = false;
  }

  /** Subscribes to each filter at {@code qos}; returns the SUBACK's codes (0x80: refused). */
  List<Integer> subscribe(int qos, String... filters) {
    int id = nextId();
    send(RawMqtt.subscribe(id, qos, List.of(filters)));
    Packet p = inbox.await(SUBACK, id, ANSWER);
    if (p == null || p == CLOSED) {
      throw new AssertionError(label + ": no SUBACK for " + List.of(filters) + " within " + ANSWER
          + (p == CLOSED ? " (the broker closed the connection)" : ""));
    }
    return p.grantedQos();
  }

  /** Publishes and, at QoS 1 or 2, returns the packet id sent. */
  int publish(String topic, String payload, int qos, boolean retain) {
    int id = qos == 0 ? 0 : nextId();
    send(RawMqtt.publish(topic, payload, qos, retain, id));
    return id;
  }

  /** What answers a QoS 1 PUBLISH within {@code bound}: PUBACK, CLOSED, or nothing. */
  enum Answer { PUBACK, CLOSED, NONE }

  Answer answerTo(int packetId, Duration bound) {
    Packet p = inbox.await(PUBACK, packetId, bound);
    return p == null ? Answer.NONE : p == CLOSED ? Answer.CLOSED : Answer.PUBACK;
  }

  /** The {@code type} packet (PUBREC, PUBCOMP...) for {@code packetId}, or null. */
  Packet awaitControl(int type, int packetId) {
    Packet p = inbox.await(type, packetId, ANSWER);
    return p == CLOSED ? null : p;
  }

  /**
   * Publishes and completes the QoS flow (PUBACK; PUBREC, PUBREL, PUBCOMP; a ping for QoS 0),
   * so the broker has handled the message when this returns.
   */
  void publishCompleted(String topic, String payload, int qos, boolean retain) {
    int id = publish(topic, payload, qos, retain);
    switch (qos) {
      case 0 -> ping();
      case 1 -> {
        Answer a = answerTo(id, ANSWER);
        if (a != Answer.PUBACK) {
          throw new AssertionError(label + ": publish to " + topic + " not acknowledged: " + a);
        }
      }
      default -> {
        if (awaitControl(RawMqtt.PUBREC, id) == null) {
          throw new AssertionError(label + ": no PUBREC for a QoS 2 publish to " + topic);
        }
        send(RawMqtt.ack(PUBREL, id));
        if (awaitControl(PUBCOMP, id) == null) {
          throw new AssertionError(label + ": no PUBCOMP for a QoS 2 publish to " + topic);
        }
      }
    }
  }

  /** Publishes at QoS 1 and requires the broker's PUBACK. */
  void publishAcknowledged(String topic, String payload) {
    publishCompleted(topic, payload, 1, false);
  }

  /**
   * A barrier: PINGREQ, then waits for PINGRESP. The broker handles one connection's packets in
   * order, so whatever it queued for this client before (retained messages after a SUBACK,
   * messages routed earlier) has been received when this returns.
   */
  void ping() {
    send(RawMqtt.pingreq());
    Packet p = inbox.await(PINGRESP, -1, ANSWER);
    if (p == null || p == CLOSED) {
      throw new AssertionError(label + ": no PINGRESP within " + ANSWER);
    }
  }

  /** The first PUBLISH received that matches, waiting up to {@code bound}; null if none. */
  Packet awaitPublish(Predicate<Packet> match, Duration bound) {
    return inbox.awaitPublish(match, bound);
  }

  /** Every PUBLISH received so far, in order. */
  List<Packet> publishes() {
    return inbox.publishes();
  }

  /** Whether the connection ended (the broker closed it) within {@code bound}. */
  boolean awaitClosedByBroker(Duration bound) {
    return inbox.awaitClosed(bound);
  }

  /**
   * Ends the TCP connection without an MQTT DISCONNECT, as a crashed device or a pulled cable
   * does, so the broker must publish the Will. Waits until the broker has closed its side: it
   * has then handled the loss, Will included, before anything the test does next.
   */
  void dropWithoutDisconnect() {
    try {
      tcp.shutdownOutput(); // a FIN, and under TLS no close_notify either
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!awaitClosedByBroker(ANSWER)) {
      throw new AssertionError(label + ": the broker did not close a connection whose client"
          + " went away within " + ANSWER);
    }
    abort();
  }

  /** A clean MQTT DISCONNECT: no Will. */
  void disconnect() {
    send(RawMqtt.disconnect());
    awaitClosedByBroker(ANSWER);
    abort();
  }

  @Override
  public void close() {
    abort();
  }

  private void abort() {
    try {
      tcp.setSoLinger(true, 0);
      tcp.close();
    } catch (IOException ignored) {
      // already closed; nothing to release
    }
  }

  void send(byte[] packet) {
    try {
      synchronized (out) {
        out.write(packet);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(label + ": send failed", e);
    }
  }

  private int nextId() {
    return packetIds.incrementAndGet() % 65_535 + 1;
  }

  private void readLoop() {
    try {
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      while (true) {
        Packet p = RawMqtt.read(in);
        inbox.add(p);
        if (acknowledge && p.isPublish() && p.qos() > 0) {
          send(RawMqtt.ack(p.qos() == 1 ? PUBACK : PUBREC, p.packetId()));
        } else if (acknowledge && p.type() == PUBREL) {
          send(RawMqtt.ack(PUBCOMP, p.packetId()));
        }
      }
    } catch (IOException | UncheckedIOException end) {
      // EOF or reset: the connection is over, which is itself what some tests wait for
    } finally {
      inbox.close();
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
