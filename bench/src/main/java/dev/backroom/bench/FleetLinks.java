package dev.backroom.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import java.util.Map;

/**
 * How the simulated agents reach a broker: over TLS trusting only the store CA (its PEM, from
 * the registration answer, checked against the activation's fingerprint) with each device's own
 * credential, as the real agent does; or plain and anonymous ({@code --links plain}).
 *
 * @param caPem the store CA, or null for plain links
 * @param credentials device id to its MQTT username and password; empty for anonymous
 * @param brokerTls whether the broker the agents connect to speaks TLS (an external Mosquitto
 *     of the harness does not, even when the hub's API does)
 */
record FleetLinks(String caPem, Map<String, ScaleEnrolment.Credential> credentials,
    boolean brokerTls) {

  static FleetLinks plain() {
    return new FleetLinks(null, Map.of(), false);
  }

  /** Applies TLS and the device's credential to {@code o}; the same for the hub and baseline. */
  MqttClientOptions apply(MqttClientOptions o, String deviceId) {
    ScaleEnrolment.Credential c = credentials.get(deviceId);
    if (c == null && !credentials.isEmpty()) {
      throw new IllegalStateException("device " + deviceId + " was not enrolled");
    }
    return applyService(o, c == null ? null : c.username(), c == null ? null : c.password());
  }

  /** For a client that is not a device (the baseline's publisher): TLS, and its credential. */
  MqttClientOptions applyService(MqttClientOptions o, String username, String password) {
    if (brokerTls) {
      // Only the store CA, and the host name checked against the certificate, as Paho does for
      // the agent (the hub's certificate names 127.0.0.1).
      o.setSsl(true);
      o.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem)));
      o.setHostnameVerificationAlgorithm("HTTPS");
    }
    if (username != null) {
      o.setUsername(username);
      o.setPassword(password);
    }
    return o;
  }
}
