package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.e2e.ManagedProcess;
import dev.backroom.e2e.Ports;
import dev.backroom.e2e.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The cloud sync endpoint (sync/cloud's jar) as a real process on a free loopback port, on H2 in
 * its data directory or on a private PostgreSQL cluster started with scripts/postgres.sh. The
 * admin token is chosen here so the bench can call the operator API.
 */
final class CloudProcess implements AutoCloseable {
  private final ManagedProcess process;
  private final SyncHttp http;
  private final String adminToken;
  private final Path pgDir;

  private CloudProcess(ManagedProcess process, SyncHttp http, String adminToken, Path pgDir) {
    this.process = process;
    this.http = http;
    this.adminToken = adminToken;
    this.pgDir = pgDir;
  }

  static Path jar() {
    Path jar = Repo.root().resolve("sync/cloud/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build sync/cloud first (./mvnw -q -o -pl"
          + " sync/cloud -am package -DskipTests)");
    }
    return jar;
  }

  /**
   * backend: h2 or postgresql. javaOpts: whitespace-separated JVM options for the cloud. props:
   * extra {@code key=value} system properties.
   */
  static CloudProcess start(Path dir, String backend, String javaOpts, List<String> props)
      throws Exception {
    Files.createDirectories(dir);
    int port = Ports.free();
    String token = "bench-" + UUID.randomUUID();
    List<String> cmd = new ArrayList<>(List.of(Repo.java()));
    for (String opt : javaOpts.trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt);
      }
    }
    cmd.addAll(List.of("-Dbackroom.cloud.data-dir=" + dir.resolve("data").toAbsolutePath(),
        "-Dbackroom.cloud.admin-token=" + token, "-Dbackroom.cloud.db=" + backend,
        "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
    Path pgDir = null;
    if (backend.equals("postgresql")) {
      pgDir = dir.resolve("postgres");
      String url = postgres("start", pgDir.toString(), Integer.toString(Ports.free()));
      cmd.addAll(List.of("-Dbackroom.cloud.db-url=" + url, "-Dbackroom.cloud.db-user=backroom",
          "-Dbackroom.cloud.db-password=backroom"));
    } else if (!backend.equals("h2")) {
      throw new IllegalArgumentException("backend must be h2 or postgresql, not " + backend);
    }
    for (String p : props) {
      cmd.add("-D" + p);
    }
    cmd.addAll(List.of("-jar", jar().toString()));
    ManagedProcess p = new ManagedProcess("cloud", cmd, dir.resolve("cloud.log")).start();
    CloudProcess cloud = new CloudProcess(p, new SyncHttp("http://127.0.0.1:" + port), token, pgDir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (cloud.http.status("/q/health/ready") != 200) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        cloud.close();
        throw new IllegalStateException("cloud not ready:\n" + p.tail(40));
      }
      Thread.sleep(100);
    }
    return cloud;
  }

  String url() {
    return http.base();
  }

  SyncHttp http() {
    return http;
  }

  String adminToken() {
    return adminToken;
  }

  long pid() {
    return process.process().pid();
  }

  ManagedProcess process() {
    return process;
  }

  /**
   * CPU ticks of the PostgreSQL server (postmaster and every backend), 0 on H2, where the
   * database runs inside the cloud process and is counted with it.
   */
  long dbCpuTicks() {
    if (pgDir == null) {
      return 0;
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(pgDir.resolve("data/postmaster.pid")).get(0).trim());
      long ticks = Math.max(0, ProcStats.cpuTicks(pid));
      for (ProcessHandle h : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
        ticks += Math.max(0, ProcStats.cpuTicks(h.pid()));
      }
      return ticks;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** An activation for one store (operator API): {activationId, activationCode, ...}. */
  JsonNode activation(String storeId, String labelsJson) {
    return http.post("/api/v1/activations", adminToken, "{\"storeId\":\"" + storeId
        + "\",\"labels\":" + labelsJson + ",\"expiresInSeconds\":3600,\"maxUses\":1}")
        .expect(201).json();
  }

  /** Enrolls for real, as a hub would: the store's credential token. */
  String enroll(String storeId, String labelsJson) {
    JsonNode act = activation(storeId, labelsJson);
    return http.post("/sync/v1/enroll", null, "{\"activationId\":\"" + act.get("activationId").asText()
        + "\",\"activationCode\":\"" + act.get("activationCode").asText()
        + "\",\"hubName\":\"bench-" + storeId + "\"}").expect(200).json().get("credential").asText();
  }

  @Override
  public void close() {
    process.stop();
    if (pgDir != null) {
      try {
        postgres("stop", pgDir.toString());
      } catch (Exception e) {
        System.err.println("  cannot stop PostgreSQL in " + pgDir + ": " + e.getMessage());
      }
    }
  }

  /** Runs scripts/postgres.sh; its last stdout line (the JDBC URL for start). */
  private static String postgres(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Repo.root().resolve("scripts/postgres.sh").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("scripts/postgres.sh " + String.join(" ", args) + " failed");
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1].trim();
  }
}
