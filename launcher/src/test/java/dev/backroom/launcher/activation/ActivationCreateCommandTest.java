package dev.backroom.launcher.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The request {@code hub activation create} sends, and what it refuses before sending. */
class ActivationCreateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "hub";
    all[1] = "activation";
    all[2] = "create";
    System.arraycopy(args, 0, all, 3, args.length);
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // Nothing given: the hub's defaults (expiry, one use).
      "''|{}",
      "--expires-in 600 --max-uses 3|{\"expiresInSeconds\":600,\"maxUses\":3}",
      "--device-id cam-1 --replace|{\"deviceId\":\"cam-1\",\"replace\":true}",
      "--note say\"hi|{\"note\":\"say\\\"hi\"}"})
  void flagsBecomeTheRequestBody(String args, String json) {
    ActivationCreateCommand c = new ActivationCreateCommand();
    CommandLine cl = new CommandLine(c);
    cl.parseArgs(args.isEmpty() ? new String[0] : args.split(" "));
    assertEquals(json, c.body());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--replace|--replace needs --device-id",
      "--device-id bad/id|--device-id must be letters, digits",
      "--expires-in -1|--expires-in must be a number of seconds",
      "--max-uses many|Invalid value for option '--max-uses'",
      "--hub https://127.0.0.1:1 --ca-file /nonexistent/ca.pem|/nonexistent/ca.pem is missing; pass --ca-file"})
  void refusedBeforeSendingWithExit64(String args, String reason) {
    assertEquals(Main.USAGE, run(args.split(" ")), err.toString());
    assertTrue(err.toString().contains(reason), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void controlCharactersInTheNoteAreRefused() {
    assertEquals(Main.USAGE, run("--hub", "http://127.0.0.1:1", "--note", "a\u001bb"));
    assertTrue(err.toString().contains("--note must not hold control characters"), err.toString());
  }

  @Test
  void unreachableHubExitsOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertEquals(1, run("--hub", "http://127.0.0.1:" + port, "--token", "t"));
    assertTrue(err.toString().contains("cannot reach http://127.0.0.1:" + port), err.toString());
  }
}
