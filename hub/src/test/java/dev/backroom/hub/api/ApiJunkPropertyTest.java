package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.accesskeys.AccessKeyResource;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.web.Roles;
import dev.backroom.hub.auth.Routes;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.mqtt.message.Capabilities;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.time.Duration;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that no request body, however hostile, makes the hub answer 5xx or log a stack
 * trace, and that every 4xx of the API is a JSON {@code {error, message}}: every mutating
 * route the route scan finds ({@link Routes}, so a new resource is covered without being
 * listed), fed bodies generated from its body type by {@link JunkBodies} with seeded randoms.
 * Sent as an admin, so that the body, not the role, is what is judged.
 */
@QuarkusTest
class ApiJunkPropertyTest {
  private static final long SEED = 0x5EED_13L;
  private static final int SEEDS_PER_KIND = 2;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  /**
   * Path parameters that name things which exist, so that the body reaches the code behind the
   * lookup (a DELETE keeps {@code x}: the things must outlive it).
   */
  private static final Map<String, String> EXISTING = new java.util.concurrent.ConcurrentHashMap<>(
      Map.of("/api/v1/services/{name}", "junk-svc", "/api/v1/users/{username}", "junk-user",
          "/api/v1/devices/{id}", "junk-dev"));
  private static final List<LogRecord> THROWN = new CopyOnWriteArrayList<>();
  private static final Handler CATCHER = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getThrown() != null) {
        THROWN.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private static volatile boolean ready;

  @TestHTTPResource("/") URL base;
  @Inject DeviceRegistry registry;

  record Case(Routes.Route route, Type bodyType, JunkBodies.Kind kind, long seed) {
    @Override
    public String toString() {
      return route.method() + " " + route.template() + " " + kind + " seed " + seed;
    }
  }

  static Stream<Case> cases() {
    List<Case> out = new ArrayList<>();
    Random seeds = new Random(SEED);
    for (Routes.Route r : Routes.all()) {
      if (!r.mutating()) {
        continue;
      }
      for (JunkBodies.Kind k : JunkBodies.Kind.values()) {
        for (int i = 0; i < SEEDS_PER_KIND; i++) {
          out.add(new Case(r, bodyType(r), k, seeds.nextLong()));
        }
      }
    }
    return out.stream();
  }

  /** The method's entity parameter (the one without a JAX-RS annotation), as JSON reads it. */
  static Type bodyType(Routes.Route r) {
    for (Parameter p : r.javaMethod().getParameters()) {
      boolean annotated = false;
      for (Annotation a : p.getAnnotations()) {
        annotated |= a.annotationType().getPackageName().startsWith("jakarta.ws.rs")
            || a.annotationType().getPackageName().startsWith("org.jboss.resteasy");
      }
      if (annotated) {
        continue;
      }
      if (p.getType() == String.class) {
        // these read their body as text and parse it with the config module's reader
        return r.template().startsWith("/api/v1/task-definitions") ? TaskDefinition.class
            : r.template().equals("/api/v1/access-keys") ? AccessKeyResource.NewAccessKey.class
            : r.template().startsWith("/api/v1/services/{name}/") ? Object.class
            : r.template().startsWith("/api/v1/services") ? Service.class : String.class;
      }
      return p.getParameterizedType();
    }
    return Object.class;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void noBody_makesTheHubFail_andEveryRefusalIsJson(Case c) throws Exception {
    setUp();
    THROWN.clear();
    byte[] body = JunkBodies.body(c.kind(), c.bodyType(), new Random(c.seed()));
    String path = c.route().template();
    if (!c.route().method().equals("DELETE")) {
      for (Map.Entry<String, String> e : EXISTING.entrySet()) {
        String prefix = e.getKey().substring(0, e.getKey().lastIndexOf('/') + 1);
        if (path.startsWith(e.getKey())) {
          path = prefix + e.getValue() + path.substring(e.getKey().length());
        }
      }
    }
    path = path.replaceAll("\\{[^}]+}", "x");
    HttpRequest req = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
            + path))
        .header("Authorization", "Bearer " + AuthTesting.bootstrapToken())
        .header("Content-Type", "application/json")
        .method(c.route().method(), HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() < 500, c + " answered " + r.statusCode() + ": " + r.body());
    if (r.statusCode() >= 400 && path.startsWith("/api/")) {
      ErrorBodiesTest.assertJsonError(r, null);
    }
    assertEquals(List.of(), THROWN.stream().map(t -> t.getLoggerName() + ": " + t.getMessage()
        + " " + t.getThrown()).toList(), c + " logged a stack trace");
  }

  /** Things for the path parameters to name; the root logger's catcher. */
  private synchronized void setUp() {
    if (ready) {
      return;
    }
    given().contentType("application/json").body("""
        {"family":"junk-td","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":8}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
    given().contentType("application/json").body("""
        {"serviceName":"junk-svc","taskDefinition":"junk-td","desiredCount":0,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:junk == yes"}]}""")
        .post("/api/v1/services").then().statusCode(201);
    AuthTesting.tokenFor("junk-user", Roles.VIEWER);
    TestDevices.enroll("junk-dev");
    // known to the hub as if its agent had reported, so that device actions reach their code;
    // the app outlives this class, so junk-svc is placed on junk-dev only (its constraint)
    registry.onCapabilities(new Capabilities("junk-dev", "amd64", "linux", 4, 4096, 0,
        Map.of("junk", "yes"), "test"));
    given().contentType("application/json").body("{\"desiredCount\":1}")
        .post("/api/v1/services/junk-svc/scale").then().statusCode(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> !given()
        .get("/api/v1/tasks?serviceName=junk-svc").then().extract().jsonPath()
        .getList("taskId").isEmpty());
    EXISTING.put("/api/v1/tasks/{id}", given().get("/api/v1/tasks?serviceName=junk-svc").then()
        .extract().jsonPath().getString("taskId[0]"));
    java.util.logging.Logger.getLogger("").addHandler(CATCHER);
    ready = true;
  }

  @AfterAll
  static void tearDown() {
    java.util.logging.Logger.getLogger("").removeHandler(CATCHER);
  }
}
