package dev.backroom.hub.broker.conformance;

import javax.net.ssl.SSLSocketFactory;

/**
 * A running broker set up the way the hub runs one, with accounts made the way the hub makes
 * them. Each implementation is one setup the hub supports; every conformance test runs against
 * each of them.
 */
interface BrokerUnderTest extends AutoCloseable {
  /** The loopback address of the listener devices use. */
  String host();

  int port();

  /** Sockets trusting the listener's CA when it speaks TLS; null for plain MQTT. */
  default SSLSocketFactory tls() {
    return null;
  }

  /** The hub's own identity (role of {@code backroom.mqtt.username}), bound to {@code backroom-hub}. */
  Account hub();

  /** Device {@code id}'s credential as registration hands it out, bound to {@code agent-{id}}. */
  Account device(String id);

  /**
   * The workload credential containers of device {@code id} receive: a credential for the hub's
   * telemetry listener, which the broker must refuse (no account is made for it).
   */
  Account workload(String id);

  /**
   * A test-only identity that may publish and subscribe anywhere under {@code conformance/#} and
   * {@code $conformance/#}: what the MQTT conformance rules need, nothing of Backroom's topics.
   * Anonymous where the setup lets anyone in.
   */
  Account tester(String clientId);

  /**
   * The tester's account even where anonymous clients are let in: anonymous access stops short
   * of '$' topics, which MQTT-4.7.2-1 needs published.
   */
  Account dollarTester(String clientId);

  /** True for the explicit insecure shortcut: anyone may connect, no ACL applies. */
  boolean anonymousAllowed();

  /** The broker's own log so far, for failure messages. */
  String log();

  @Override
  void close();
}
