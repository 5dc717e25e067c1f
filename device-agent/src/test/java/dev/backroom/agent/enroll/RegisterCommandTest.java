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

  private int run(PrintStream err) {
    PrintStream old = System.err;
    System.setErr(err);
    try {
      return new CommandLine(new RegisterCommand()).execute("--hub", hub(), "--activation-id",
          "dact-1", "--activation-code", "CODE", "--device-id", "nuc-1", "--data-dir",
          dir.toString());
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void writesTheCredentialWithMode0600() throws Exception {
    status = 201;
    answer = "{\"deviceId\":\"nuc-1\",\"username\":\"device:nuc-1\",\"password\":\"s3\","
        + "\"workloadUsername\":\"workload:nuc-1\",\"workloadPassword\":\"w3\","
        + "\"telemetryUrl\":\"tcp://127.0.0.1:1884\"}";
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
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temp file left behind");
    }
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
