package dev.backroom.hub.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.telemetry.TelemetryService;
import dev.backroom.mqtt.security.TopicPolicy;
import dev.backroom.mqtt.tls.PinnedCa;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The hub as production runs it, TLS on: the API over HTTPS only, the broker and the telemetry
 * listener over TLS, and the registration answer carrying the CA that devices then pin.
 */
@QuarkusTest
@TestProfile(HubTlsTest.TlsOn.class)
class HubTlsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static class TlsOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("backroom.tls.enabled", "true", "backroom.data-dir", "./target/tls-test-data",
          "backroom.tls.extra-names", "hub.store-17.lan");
    }
  }

  @TestHTTPResource(value = "/", tls = true) URL https;
  @Inject StoreTls tls;
  @Inject HubMqtt mqtt;
  @Inject TelemetryService telemetry;

  private HttpResponse<String> send(HttpClient http, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(https.toURI().resolve(path))
        .timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient pinned() {
    return HttpClient.newBuilder().sslContext(tls.ca().orElseThrow().ca().sslContext()).build();
  }

  @Test
  void api_isHttpsOnly_trustedThroughTheStoreCa() throws Exception {
    assertEquals("https", https.getProtocol());
    assertEquals(200, send(pinned(), "/q/health/ready", null, null).statusCode());
    assertEquals("disabled", ConfigProvider.getConfig()
        .getValue("quarkus.http.insecure-requests", String.class));
    // Plain HTTP on the API port gets no HTTP answer at all
    URI plain = URI.create("http://127.0.0.1:" + https.getPort() + "/q/health/ready");
    assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()));
    // A client with the JVM's default trust store does not trust the store CA
    assertThrows(javax.net.ssl.SSLHandshakeException.class,
        () -> send(HttpClient.newHttpClient(), "/q/health/ready", null, null));
  }

  @Test
  void enrolment_handsOutThePinnedCa_andDevicesConnectOverTls() throws Exception {
    StoreCa ca = tls.ca().orElseThrow();
    assertEquals(ca.ca().fingerprint(), PinnedCa.fromFile(
        Path.of("./target/tls-test-data/tls/ca.pem")).fingerprint(), "the CA is in the data dir");
    HttpClient http = pinned();
    JsonNode act = JSON.readTree(send(http, "/api/v1/device-activations",
        AuthTesting.bootstrapToken(), "{\"maxUses\":1}").body());
    assertEquals(ca.ca().fingerprint(), act.get("caFingerprint").asText());
    HttpResponse<String> reg = send(http, "/api/v1/device-registrations", null,
        "{\"activationId\":\"" + act.get("activationId").asText() + "\",\"activationCode\":\""
            + act.get("activationCode").asText() + "\",\"deviceId\":\"tls-dev-1\"}");
    assertEquals(201, reg.statusCode(), reg.body());
    JsonNode r = JSON.readTree(reg.body());
    assertEquals(ca.ca().fingerprint(),
        PinnedCa.fromPem(r.get("caCertificate").asText()).fingerprint());
    String broker = r.get("brokerUrl").asText();
    assertTrue(broker.startsWith("ssl://"), broker);
    assertTrue(r.get("telemetryUrl").asText().startsWith("ssl://"), r.get("telemetryUrl").asText());
    assertTrue(StoreCa.sanValues(ca.serverCertificate()).contains("hub.store-17.lan"));

    MqttOptions device = new MqttOptions(broker, TopicPolicy.agentClientId("tls-dev-1"),
        r.get("username").asText(), r.get("password").asText().toCharArray(), 10, null, null);
    SSLSocketFactory foreign = StoreCa.loadOrCreate(Path.of("./target/tls-test-data/foreign-ca"),
        StoreCa.defaultNames(List.of()), Instant.now(), Duration.ofDays(30), Duration.ofDays(1))
        .ca().socketFactory();
    try (PahoMqttTransport good = new PahoMqttTransport(device.withTls(
            PinnedCa.fromPem(r.get("caCertificate").asText()).socketFactory()));
        PahoMqttTransport wrongCa = new PahoMqttTransport(
            device.withTls(foreign).withCredentials(device.username(), device.password()));
        PahoMqttTransport plain = new PahoMqttTransport(new MqttOptions(
            broker.replace("ssl://", "tcp://"), "agent-tls-plain", device.username(),
            device.password(), 10, null, null))) {
      good.start();
      wrongCa.start();
      plain.start();
      await().atMost(Duration.ofSeconds(20)).until(good::isConnected);
      // Why neither of the others gets in, shown by what the broker's port answers: a client
      // pinning another CA fails its handshake, and a plain CONNECT gets no CONNACK, only the
      // connection closed.
      URI mqttUri = URI.create(broker);
      try (SSLSocket s = (SSLSocket) foreign.createSocket(mqttUri.getHost(), mqttUri.getPort())) {
        s.setSoTimeout(10_000);
        assertThrows(javax.net.ssl.SSLHandshakeException.class, s::startHandshake,
            "a client pinning another CA must not complete a handshake");
      }
      // The broker prefers ChaCha20-Poly1305, which Java under C1 (hub and agents) encrypts
      // several times faster than AES-GCM; what the hub's and the agents' sockets negotiate.
      try (SSLSocket s = (SSLSocket) PinnedCa.fromPem(r.get("caCertificate").asText())
          .socketFactory().createSocket(mqttUri.getHost(), mqttUri.getPort())) {
        s.setSoTimeout(10_000);
        s.startHandshake();
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", s.getSession().getCipherSuite());
      }
      try (Socket s = new Socket(mqttUri.getHost(), mqttUri.getPort())) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(new byte[] {0x10, 0x12, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60,
            0, 6, 'p', 'l', 'a', 'i', 'n', '1'});
        int first;
        try {
          first = s.getInputStream().read();
        } catch (IOException reset) {
          first = -1;
        }
        assertTrue(first != 0x20, "a plain CONNECT on the TLS port got a CONNACK");
      }
      assertFalse(wrongCa.isConnected(), "a client pinning another CA must not connect");
      assertFalse(plain.isConnected(), "no plain MQTT on the broker's port");
    }
    assertThrows(IllegalArgumentException.class, () -> new PahoMqttTransport(device),
        "ssl:// without a pinned CA is refused, not left to the JVM trust store");

    // Workloads: the telemetry listener is TLS too, with the same CA
    String telemetryUrl = "ssl://127.0.0.1:" + telemetry.listenerPort();
    try (PahoMqttTransport workload = new PahoMqttTransport(new MqttOptions(telemetryUrl,
        "wl-tls-1", r.get("workloadUsername").asText(),
        r.get("workloadPassword").asText().toCharArray(), 10, null, null,
        ca.ca().socketFactory()))) {
      workload.start();
      await().atMost(Duration.ofSeconds(20)).until(workload::isConnected);
      assertTrue(workload.publish("backroom/v1/telemetry/temps", "{\"c\":4}".getBytes(), 1, false));
    }
    assertTrue(mqtt.isConnected(), "the hub's own client is on TLS as well");
  }
}
