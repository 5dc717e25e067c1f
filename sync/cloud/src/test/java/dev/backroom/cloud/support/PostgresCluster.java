package dev.backroom.cloud.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster started through scripts/postgres.sh. A missing PostgreSQL fails
 * the test with the script's own explanation; it is never skipped.
 */
public final class PostgresCluster implements AutoCloseable {
  private final Path script;
  private final Path dir;
  public final int port;
  public final String jdbcUrl;

  private PostgresCluster(Path script, Path dir, int port, String jdbcUrl) {
    this.script = script;
    this.dir = dir;
    this.port = port;
    this.jdbcUrl = jdbcUrl;
  }

  public static PostgresCluster start(Path dir) throws Exception {
    String prop = System.getProperty("postgres.script");
    if (prop == null) {
      fail("system property postgres.script is not set; run this IT through maven failsafe");
    }
    Path script = Path.of(prop);
    if (!Files.isExecutable(script)) {
      fail("scripts/postgres.sh not found or not executable at " + script);
    }
    int port = freePort();
    Result r = run(List.of(script.toString(), "start", dir.toString(), Integer.toString(port)));
    if (r.exit() != 0) {
      fail("PostgreSQL is required for this test and could not be started (exit " + r.exit()
          + "): " + r.output().strip());
    }
    String url = r.output().lines().filter(l -> l.startsWith("jdbc:postgresql:")).findFirst()
        .orElseThrow(() -> new AssertionError("postgres.sh printed no JDBC URL: " + r.output()));
    return new PostgresCluster(script, dir, port, url);
  }

  @Override
  public void close() throws Exception {
    run(List.of(script.toString(), "stop", dir.toString()));
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
