package dev.backroom.agent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.backroom.mqtt.signing.SigningKeys;
import picocli.CommandLine;

/**
 * The register command against a loopback HTTP endpoint answering as the hub does (the real
 * hub's side is tested in the hub and end to end): the file it writes and its exit codes.
 */
class RegisterCommandTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicReference<String> requestBody = new AtomicReference<>();
  private volatile int status;
  private volatile String answer;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/device-registrations", ex -> {
      requestBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] b = answer.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String hub() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private int run(PrintStream err, String... more) {
    PrintStream old = System.err;
    System.setErr(err);
    try {
      List<String> args = new java.util.ArrayList<>(List.of("--hub", hub(), "--activation-id",
          "dact-1", "--activation-code", "CODE", "--device-id", "nuc-1", "--data-dir",
          dir.toString()));
      args.addAll(List.of(more));
      return new CommandLine(new RegisterCommand()).execute(args.toArray(String[]::new));
    } finally {
      System.setErr(old);
    }
  }

  private static String testCa(String which) throws Exception {
    try (var in = RegisterCommandTest.class.getResourceAsStream("/enroll/test-ca-" + which + ".pem")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static final java.security.KeyPair HUB_KEY = SigningKeys.generate();

  /** The hub's signing key as the registration answer carries it. */
  private static String signing(String kid) {
    return ",\"signingKey\":" + new com.fasterxml.jackson.databind.ObjectMapper()
        .valueToTree(SigningKeys.publicPem(HUB_KEY.getPublic())) + ",\"signingKeyId\":\"" + kid
        + "\"";
  }

  private static String signing() {
    return signing(SigningKeys.keyId(HUB_KEY.getPublic()));
  }

  private void answerWithCa(String pem) {
    status = 201;
    answer = "{\"deviceId\":\"nuc-1\",\"username\":\"device:nuc-1\",\"password\":\"s3\","
        + "\"workloadUsername\":\"workload:nuc-1\",\"workloadPassword\":\"w3\","
        + "\"brokerUrl\":\"ssl://127.0.0.1:1883\",\"caCertificate\":"
        + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(pem) + signing() + "}";
  }

  private String stderrOf(String... more) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, run(new PrintStream(err, true, StandardCharsets.UTF_8), more));
    assertFalse(Files.exists(DeviceCredentialFile.in(dir)), "nothing written on a refusal");
    assertFalse(Files.exists(HubCaFile.in(dir)));
    assertFalse(Files.exists(HubSigningKeyFile.in(dir)));
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void caOverPlainHttp_isRefusedUnlessPinned() throws Exception {
    answerWithCa(testCa("a"));
    String err = stderrOf();
    assertTrue(err.contains("over plain HTTP"), err);
  }

  @Test
  void caOtherThanThePinnedOne_isRefused() throws Exception {
    answerWithCa(testCa("a"));
    String pinB = dev.backroom.mqtt.tls.PinnedCa.fromPem(testCa("b")).fingerprint();
    String err = stderrOf("--ca-fingerprint", pinB);
    assertTrue(err.contains("not the pinned " + pinB), err);
  }

  @Test
  void httpsWithoutPin_andMalformedPin_areRefusedBeforeAnyContact() {
    String err = stderrOf("--ca-fingerprint", "md5:1234");
    assertTrue(err.contains("sha256:<64 hex digits>"), err);
    Registration.RefusedException noPin = org.junit.jupiter.api.Assertions.assertThrows(
        Registration.RefusedException.class, () -> Registration.register(
            "https://127.0.0.1:" + server.getAddress().getPort(), "dact-1", "CODE", "nuc-1", null));
    assertTrue(noPin.getMessage().contains("--ca-fingerprint"), noPin.getMessage());
    assertEquals(null, requestBody.get(), "the hub was not contacted");
  }

  @Test
  void pinnedCa_isSavedNextToTheCredential_andHandedToWorkloads() throws Exception {
    String pem = testCa("a");
    answerWithCa(pem);
    String pin = dev.backroom.mqtt.tls.PinnedCa.fromPem(pem).fingerprint();
    // the pin as people paste it: upper case, with colons
    String pasted = "sha256:" + pin.substring(7).toUpperCase(java.util.Locale.ROOT)
        .replaceAll("(..)(?!$)", "$1:");
    assertEquals(0, run(System.err, "--ca-fingerprint", pasted));
    assertEquals(pin, HubCaFile.read(dir).orElseThrow().fingerprint());
    DeviceCredentialFile c = DeviceCredentialFile.read(dir).orElseThrow();
    assertEquals("ssl://127.0.0.1:1883", c.brokerUrl());
    List<String> env = c.workloadEnvironment(HubCaFile.read(dir).orElseThrow().pem());
    assertTrue(env.get(0).startsWith("BACKROOM_TELEMETRY_CA=-----BEGIN CERTIFICATE-----"), env.get(0));
  }

  @Test
  void writesTheCredentialWithMode0600() throws Exception {
    status = 201;
    answer = "{\"deviceId\":\"nuc-1\",\"username\":\"device:nuc-1\",\"password\":\"s3\","
        + "\"workloadUsername\":\"workload:nuc-1\",\"workloadPassword\":\"w3\","
        + "\"telemetryUrl\":\"tcp://127.0.0.1:1884\"" + signing() + "}";
    assertEquals(0, run(System.err));
    assertTrue(requestBody.get().contains("\"activationCode\":\"CODE\""));
    Path f = DeviceCredentialFile.in(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    DeviceCredentialFile c = DeviceCredentialFile.read(dir).orElseThrow();
    assertEquals("device:nuc-1", c.username());
    assertEquals("s3", c.password());
    assertEquals(List.of("BACKROOM_TELEMETRY_URL=tcp://127.0.0.1:1884",
        "BACKROOM_TELEMETRY_USERNAME=workload:nuc-1", "BACKROOM_TELEMETRY_PASSWORD=w3"),
        c.workloadEnvironment());
    assertFalse(c.toString().contains("s3"), "toString must not show the secret");
    Path key = HubSigningKeyFile.in(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals(HUB_KEY.getPublic(), HubSigningKeyFile.read(key).orElseThrow());
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temp file left behind");
    }
  }

  @Test
  void anAnswerWithoutASigningKey_orWithAKeyIdThatDoesNotNameIt_isRefused() {
    status = 201;
    String base = "{\"deviceId\":\"nuc-1\",\"username\":\"device:nuc-1\",\"password\":\"s3\","
        + "\"workloadUsername\":\"workload:nuc-1\",\"workloadPassword\":\"w3\"";
    answer = base + "}";
    String none = stderrOf();
    assertTrue(none.contains("no usable signingKey"), none);
    answer = base + signing("sha256:" + "0".repeat(64)) + "}";
    String wrong = stderrOf();
    assertTrue(wrong.contains("does not name its signingKey"), wrong);
  }

  @Test
  void refusalExitsTwoWithTheHubsMessage() throws Exception {
    status = 410;
    answer = "{\"error\":\"activation_used_up\",\"message\":\"activation dact-1 is used up (1 of 1 uses)\"}";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, run(new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("activation dact-1 is used up (1 of 1 uses)"),
        err.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(DeviceCredentialFile.in(dir)));
  }
}
