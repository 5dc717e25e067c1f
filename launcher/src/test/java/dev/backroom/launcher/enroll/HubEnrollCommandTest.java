package dev.backroom.launcher.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.backroom.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code backroom hub enroll} against a real HTTP server on 127.0.0.1 answering like the cloud:
 * its exit codes (0, 2 refused, 3 unreachable, 64 usage) and messages are the contract.
 */
class HubEnrollCommandTest {
  @TempDir Path dir;
  private HttpServer server;
  private volatile int status;
  private volatile String body;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/sync/v1/enroll", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
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

  private int run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "hub";
    all[1] = "enroll";
    System.arraycopy(args, 0, all, 2, args.length);
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all);
  }

  private String cloud() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void enrolledIdentityIsWrittenOwnerOnly() throws Exception {
    status = 200;
    body = "{\"storeId\":\"s-1\",\"credential\":\"brs1.s-1.c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI\","
        + "\"cloudUrl\":\"http://elsewhere:1\"}";
    int code = run("--cloud", cloud(), "--activation-id", "act-1", "--activation-code", "ABCD",
        "--data-dir", dir.toString());
    assertEquals(HubEnrollCommand.OK, code, err.toString());
    Path file = dir.resolve("cloud-identity.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String json = Files.readString(file);
    assertTrue(json.contains("\"storeId\":\"s-1\""), json);
    assertTrue(json.contains(cloud()), "keeps the URL it enrolled through: " + json);
    assertTrue(out.toString().contains("enrolled store s-1"), out.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "401|activation_invalid|activation code is wrong",
      "410|activation_expired|activation act-1 expired at 2026-01-01T00:00:00Z",
      "410|activation_used_up|activation act-1 has been used 1 of 1 times"})
  void refusalsExitTwoWithTheCloudsMessage(int st, String error, String message) {
    status = st;
    body = "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
    int code = run("--cloud", cloud(), "--activation-id", "act-1", "--activation-code", "X",
        "--data-dir", dir.toString());
    assertEquals(HubEnrollCommand.REFUSED, code);
    assertTrue(err.toString().contains(message), err.toString());
    assertTrue(err.toString().contains(error), err.toString());
    assertFalse(Files.exists(dir.resolve("cloud-identity.json")));
  }

  @Test
  void unreachableCloudExitsThree() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int code = run("--cloud", "http://127.0.0.1:" + port, "--activation-id", "a",
        "--activation-code", "b", "--data-dir", dir.toString());
    assertEquals(HubEnrollCommand.UNREACHABLE, code);
    assertTrue(err.toString().contains("cannot reach the cloud"), err.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--cloud http://127.0.0.1:1 --activation-id a|Missing required option: '--activation-code=CODE'",
      "--cloud ftp://x --activation-id a --activation-code b|must be an http:// or https:// URL",
      "--cloud http://127.0.0.1:1 --activation-id a --activation-code b --bogus 1|Unknown options: '--bogus', '1'",
      "--cloud|Missing required parameter for option '--cloud'"})
  void usageErrorsExit64(String args, String expected) {
    assertEquals(Main.USAGE, run(args.split(" ")));
    assertTrue(err.toString().contains(expected), err.toString());
    assertTrue(err.toString().startsWith("backroom hub enroll: "), err.toString());
  }
}
