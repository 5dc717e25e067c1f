package dev.backroom.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged cloud sync endpoint ({@code sync/cloud}'s quarkus-run.jar) as a child process on a
 * free loopback port, with its own data directory and H2, or a shared PostgreSQL. The admin token
 * is chosen here and passed in, so two instances on one database accept the same operator.
 */
public final class CloudProcess extends ManagedProcess {
  /** Where the cloud keeps its state: {@code h2()} under the data dir, or a PostgreSQL URL. */
  public record Db(String kind, String url, String user, String password) {
    public static Db h2() {
      return new Db("h2", null, null, null);
    }

    public static Db postgresql(String jdbcUrl) {
      return new Db("postgresql", jdbcUrl, "backroom", "backroom");
    }
  }

  /** What {@code POST /api/v1/activations} answers; the code is shown only this once. */
  public record Activation(String activationId, String activationCode, String storeId,
      String expiresAt) {}

  private final int httpPort;
  private final String adminToken;

  private CloudProcess(List<String> command, Path log, int httpPort, String adminToken) {
    super("cloud:" + httpPort, command, log);
    this.httpPort = httpPort;
    this.adminToken = adminToken;
  }

  public static String newAdminToken() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return "admin-" + HexFormat.of().formatHex(b);
  }

  public static CloudProcess start(Path dataDir, Db db) {
    return start(dataDir, db, newAdminToken(), Map.of());
  }

  /** @param extra further {@code -D} properties, passed last so they win */
  public static CloudProcess start(Path dataDir, Db db, String adminToken, Map<String, String> extra) {
    return start(dataDir, db, adminToken, extra, List.of("-Xmx256m", "-XX:+UseSerialGC"));
  }

  /** @param jvmOptions the cloud JVM's options (heap, collector, recording...) */
  public static CloudProcess start(Path dataDir, Db db, String adminToken, Map<String, String> extra,
      List<String> jvmOptions) {
    return start(dataDir, db, adminToken, extra, jvmOptions, Ports.free(), dataDir.resolve("cloud.log"));
  }

  /** @param http the HTTP port (the launcher's demo fixes it); log where its output goes */
  public static CloudProcess start(Path dataDir, Db db, String adminToken, Map<String, String> extra,
      List<String> jvmOptions, int http, Path log) {
    List<String> cmd = new ArrayList<>(List.of(Repo.java()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-Dbackroom.cloud.data-dir=" + dataDir.toAbsolutePath(),
        "-Dbackroom.cloud.admin-token=" + adminToken,
        "-Dbackroom.cloud.db=" + db.kind(),
        "-Dquarkus.http.port=" + http, "-Dquarkus.http.host=127.0.0.1"));
    if (db.url() != null) {
      cmd.add("-Dbackroom.cloud.db-url=" + db.url());
      cmd.add("-Dbackroom.cloud.db-user=" + db.user());
      cmd.add("-Dbackroom.cloud.db-password=" + db.password());
    }
    extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(Repo.cloudJar().toString());
    CloudProcess cloud = new CloudProcess(cmd, log, http, adminToken);
    cloud.start();
    try {
      cloud.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      cloud.kill(); // the caller never gets a handle to stop it
      throw e;
    }
    return cloud;
  }

  /**
   * Ready means the operator API answers 200 with our token: that needs HTTP, the database and
   * the token configured as we passed it, which a health endpoint alone would not prove.
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IllegalStateException(name() + " exited during start:\n" + tail(40));
      }
      last = api().status("/api/v1/stores");
      if (last == 200) {
        return;
      }
      Ports.sleep(100);
    }
    throw new IllegalStateException(name() + " not ready within " + timeout + " (last GET /api/v1/stores: "
        + last + "):\n" + tail(40));
  }

  /** SIGKILL, like kill -9: no shutdown hook, open transactions are cut off. */
  public void kill9() {
    kill();
  }

  /** Starts the process again (after {@link #kill9()} or stop) on the same port and data. */
  public void startAgain() {
    start();
    awaitReady(Duration.ofSeconds(60));
  }

  public void restart() {
    stop();
    startAgain();
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public String adminToken() {
    return adminToken;
  }

  /** The operator's client (admin token). */
  public CloudApi api() {
    return new CloudApi(url(), adminToken);
  }

  // ------------------------------------------------------------------- operator API helpers

  public JsonNode createStore(String id, Map<String, String> labels) {
    return api().post("/api/v1/stores", json(Map.of("id", id, "name", id, "labels", labels)))
        .expect(201).json();
  }

  public Activation createActivation(String storeId, long expiresInSeconds, int maxUses) {
    JsonNode a = api().post("/api/v1/activations", json(Map.of("storeId", storeId,
        "expiresInSeconds", expiresInSeconds, "maxUses", maxUses))).expect(201).json();
    return new Activation(a.get("activationId").asText(), a.get("activationCode").asText(),
        a.get("storeId").asText(), a.path("expiresAt").asText());
  }

  /** {@code PUT /api/v1/desired/task-definitions/{family}}; spec is an ECS task definition. */
  public JsonNode putTaskDefinition(String family, String selector, String specJson) {
    return putDesired("task-definitions", family, selector, specJson);
  }

  /** {@code PUT /api/v1/desired/services/{name}}; spec is an ECS service naming a family. */
  public JsonNode putService(String name, String selector, String specJson) {
    return putDesired("services", name, selector, specJson);
  }

  private JsonNode putDesired(String kind, String name, String selector, String specJson) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("selector", selector);
    body.set("spec", parse(specJson));
    return api().put("/api/v1/desired/" + kind + "/" + name, body.toString()).expect(200).json();
  }

  public JsonNode store(String id) {
    return api().get("/api/v1/stores/" + id).expect(200).json();
  }

  public JsonNode stores() {
    return api().get("/api/v1/stores").expect(200).json();
  }

  public JsonNode storeDesired(String id) {
    return api().get("/api/v1/stores/" + id + "/desired").expect(200).json();
  }

  public JsonNode storeReports(String id) {
    return api().get("/api/v1/stores/" + id + "/reports").expect(200).json();
  }

  public JsonNode telemetry(String storeId, String stream, long after, int limit) {
    return api().get("/api/v1/stores/" + storeId + "/telemetry/" + stream + "?after=" + after
        + "&limit=" + limit).expect(200).json();
  }

  /** Every message of a stream, paging with {@code after} until a short page. */
  public List<JsonNode> telemetryAll(String storeId, String stream) {
    List<JsonNode> out = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode page = telemetry(storeId, stream, after, 10_000).get("messages");
      page.forEach(out::add);
      if (page.size() < 10_000) {
        return out;
      }
      after = page.get(page.size() - 1).get("seq").asLong();
    }
  }

  static String json(Map<String, ?> m) {
    try {
      return Json.mapper().writeValueAsString(new LinkedHashMap<>(m));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}
