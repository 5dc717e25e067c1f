package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The cloud sync endpoint as the harness starts it ({@link dev.backroom.harness.CloudProcess}),
 * on H2 or on a private PostgreSQL cluster ({@link PostgresCluster}), plus what the benchmarks
 * need on top: the JVM options to measure with, the database server's CPU, and enrolment through
 * the bench's own HTTP client. On PostgreSQL it may be several instances of one cloud on the one
 * database (one admin token), as behind a load balancer; the operator calls go to the first.
 */
final class CloudProcess implements AutoCloseable {
  private final List<dev.backroom.harness.CloudProcess> instances;
  private final dev.backroom.harness.CloudProcess process;
  private final SyncHttp http;
  private final PostgresCluster pg;
  private boolean closed;

  private CloudProcess(List<dev.backroom.harness.CloudProcess> instances, PostgresCluster pg) {
    this.instances = instances;
    this.process = instances.get(0);
    this.http = new SyncHttp(process.url());
    this.pg = pg;
  }

  /**
   * backend: h2 or postgresql. javaOpts: whitespace-separated JVM options for the cloud. props:
   * extra {@code key=value} system properties.
   */
  static CloudProcess start(Path dir, String backend, String javaOpts, List<String> props)
      throws IOException {
    return start(dir, backend, 1, javaOpts, props);
  }

  /** {@code count} instances; more than one needs PostgreSQL (H2 is a file of one process). */
  static CloudProcess start(Path dir, String backend, int count, String javaOpts, List<String> props)
      throws IOException {
    if (count > 1 && !backend.equals("postgresql")) {
      throw new IllegalArgumentException("several cloud instances need PostgreSQL, not " + backend);
    }
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
    String token = "bench-" + UUID.randomUUID();
    List<dev.backroom.harness.CloudProcess> started = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        started.add(dev.backroom.harness.CloudProcess.start(
            dir.resolve(count == 1 ? "data" : "data-" + i), db, token, extra, jvm));
      }
      return new CloudProcess(started, pg);
    } catch (RuntimeException e) {
      started.forEach(dev.backroom.harness.CloudProcess::stop);
      if (pg != null) {
        pg.close();
      }
      throw e;
    }
  }

  /** Every instance's base URL, the first being {@link #url()}. */
  List<String> urls() {
    return instances.stream().map(dev.backroom.harness.CloudProcess::url).toList();
  }

  /** Every instance's pid. */
  List<Long> pids() {
    return instances.stream().map(c -> c.process().pid()).toList();
  }

  /** The CPU ticks of every instance together. */
  long cloudCpuTicks() {
    long t = 0;
    for (long pid : pids()) {
      t += Math.max(0, ProcStats.cpuTicks(pid));
    }
    return t;
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
    if (closed) {
      return;
    }
    closed = true;
    instances.forEach(dev.backroom.harness.CloudProcess::stop);
    if (pg != null) {
      pg.close();
    }
  }
}
