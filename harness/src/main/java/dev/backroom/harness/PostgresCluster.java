package dev.backroom.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private PostgreSQL cluster on a free loopback port, through {@code scripts/postgres.sh}
 * (owned by the cloud module): {@code start DIR PORT} prints a JDBC URL for database backroom,
 * user backroom/backroom; {@code stop DIR} stops it. Never the system cluster on 5432. A missing
 * PostgreSQL fails the test with the command that installs it: the scale-out claim is only
 * proven on a real server.
 */
public final class PostgresCluster implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final String jdbcUrl;

  private PostgresCluster(Path dir, int port, String jdbcUrl) {
    this.dir = dir;
    this.port = port;
    this.jdbcUrl = jdbcUrl;
  }

  /** Fails with the fix when PostgreSQL's server binaries are not installed. */
  public static void requireInstalled() {
    Path lib = Path.of("/usr/lib/postgresql");
    boolean found = false;
    if (Files.isDirectory(lib)) {
      try (var versions = Files.list(lib)) {
        found = versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/initdb")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!found) {
      throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb):"
          + " this test needs a real PostgreSQL server. Install it with `apt-get install postgresql`"
          + " (bash .ci/run does); the tests start their own cluster on a free port.");
    }
  }

  public static PostgresCluster start(Path dir) {
    requireInstalled();
    Path script = Repo.root().resolve("scripts/postgres.sh");
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(script + " is missing or not executable (the cloud module provides it)");
    }
    int port = Ports.free();
    Command.Result r = Command.run(List.of(script.toString(), "start", dir.toAbsolutePath().toString(),
        Integer.toString(port)), 120);
    String url = r.stdout().lines().map(String::trim).filter(l -> l.startsWith("jdbc:postgresql:"))
        .reduce((a, b) -> b).orElse(null);
    if (r.exit() != 0 || url == null) {
      throw new IllegalStateException("scripts/postgres.sh start " + dir + " " + port + " failed (exit "
          + r.exit() + ", no JDBC URL printed):\nstdout: " + r.stdout() + "\nstderr: " + r.stderr());
    }
    return new PostgresCluster(dir, port, url);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The cluster's directory (its data/postmaster.pid names the server process). */
  public Path dir() {
    return dir;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    Command.run(List.of(Repo.root().resolve("scripts/postgres.sh").toString(), "stop",
        dir.toAbsolutePath().toString()), 60);
  }
}
