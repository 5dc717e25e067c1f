package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The cloud sync endpoint as the harness starts it ({@link dev.backroom.harness.CloudProcess}),
 * on H2 or on a private PostgreSQL cluster ({@link PostgresCluster}), plus what the benchmarks
 * need on top: the JVM options to measure with, the database server's CPU, and enrolment through
 * the bench's own HTTP client.
 */
final class CloudProcess implements AutoCloseable {
  private final dev.backroom.harness.CloudProcess process;
  private final SyncHttp http;
  private final PostgresCluster pg;

  private CloudProcess(dev.backroom.harness.CloudProcess process, PostgresCluster pg) {
    this.process = process;
    this.http = new SyncHttp(process.url());
    this.pg = pg;
  }

  /**
   * backend: h2 or postgresql. javaOpts: whitespace-separated JVM options for the cloud. props:
   * extra {@code key=value} system properties.
   */
  static CloudProcess start(Path dir, String backend, String javaOpts, List<String> props)
      throws IOException {
    if (!backend.equals("h2") && !backend.equals("postgresql")) {
      throw new IllegalArgumentException("backend must be h2 or postgresql, not " + backend);
    }
    Files.createDirectories(dir);
    Map<String, String> extra = new LinkedHashMap<>();
    for (String p : props) {
      int eq = p.indexOf('=');
      extra.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
    }
    List<String> jvm = Arrays.stream(javaOpts.trim().split("\\s+")).filter(o -> !o.isEmpty())
        .toList();
    PostgresCluster pg = backend.equals("postgresql")
        ? PostgresCluster.start(dir.resolve("postgres")) : null;
    dev.backroom.harness.CloudProcess.Db db = pg == null ? dev.backroom.harness.CloudProcess.Db.h2()
        : dev.backroom.harness.CloudProcess.Db.postgresql(pg.jdbcUrl());
    try {
      return new CloudProcess(dev.backroom.harness.CloudProcess.start(dir.resolve("data"), db,
          "bench-" + UUID.randomUUID(), extra, jvm), pg);
    } catch (RuntimeException e) {
      if (pg != null) {
        pg.close();
      }
      throw e;
    }
  }

  String url() {
    return http.base();
  }

  SyncHttp http() {
    return http;
  }

  String adminToken() {
    return process.adminToken();
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
    if (pg == null) {
      return 0;
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(pg.dir().resolve("data/postmaster.pid")).get(0).trim());
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
    return http.post("/api/v1/activations", adminToken(), "{\"storeId\":\"" + storeId
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
    if (pg != null) {
      pg.close();
    }
  }
}
