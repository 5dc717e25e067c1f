package dev.backroom.hub.ui;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.hub.auth.AuthTesting;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The UI behind the hub's authentication: anonymous browsers go to the login page, viewers see
 * no actions and get no terminal, operators get both; the pages' WebSockets authenticate like
 * the API.
 */
@QuarkusTest
class UiAuthTest {
  @TestHTTPResource("/") URL base;

  @Test
  void anonymousBrowser_isSentToTheLoginPage_andAnonymousCallsAreRefused() {
    AuthTesting.anonymous().redirects().follow(false).accept("text/html").get("/devices")
        .then().statusCode(302).header("Location", containsString("/login"));
    AuthTesting.anonymous().get("/ui/telemetry/history").then().statusCode(401);
  }

  @Test
  void viewer_seesPagesWithoutActions() {
    String viewer = AuthTesting.tokenFor("ui-viewer", "viewer");
    AuthTesting.as(viewer).get("/devices").then().statusCode(200)
        .body(containsString("ui-viewer · viewer")).body(not(containsString("data-act=")));
    AuthTesting.as(viewer).get("/services").then().statusCode(200)
        .body(not(containsString("data-scale=")));
  }

  @Test
  void operator_seesActions() {
    String operator = AuthTesting.tokenFor("ui-operator", "operator");
    AuthTesting.as(operator).get("/").then().statusCode(200)
        .body(containsString("ui-operator · operator"));
  }

  @Test
  void auditPage_isForAdminsOnly_andListsMutationsWithTheirActor() {
    for (String role : new String[] {"viewer", "operator"}) {
      String token = AuthTesting.tokenFor("ui-audit-" + role, role);
      AuthTesting.as(token).get("/audit").then().statusCode(403);
      AuthTesting.as(token).get("/events").then().statusCode(200)
          .body(not(containsString("href=\"/audit\"")));
    }
    String operator = AuthTesting.tokenFor("ui-audit-writer", "operator");
    AuthTesting.as(operator).contentType("application/json").body("""
        {"family":"ui-audited","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":16}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
    String admin = AuthTesting.tokenFor("ui-audit-admin", "admin");
    AuthTesting.as(admin).get("/events").then().statusCode(200).body(containsString("href=\"/audit\""));
    AuthTesting.as(admin).get("/audit?actor=ui-audit-writer").then().statusCode(200)
        .body(containsString("POST /api/v1/task-definitions"))
        .body(containsString("ui-audit-writer")).body(not(containsString("ui-audit-admin</a>")));
    AuthTesting.as(admin).get("/audit?since=yesterday").then().statusCode(200)
        .body(containsString("data-testid=\"audit-problem\"")).body(containsString("ISO-8601"));
  }

  @Test
  void terminal_isRefusedToViewersAndAnonymous_logTailAndPulseToAnonymousOnly() throws Exception {
    String viewer = AuthTesting.tokenFor("ui-viewer", "viewer");
    assertThrows(Exception.class, () -> new BrowserSocket(ws("/ui/ws/tasks/t/exec"), null, viewer));
    assertThrows(Exception.class, () -> new BrowserSocket(ws("/ui/ws/tasks/t/exec"), null, null));
    assertThrows(Exception.class, () -> new BrowserSocket(ws("/ui/ws/tasks/t/logs"), null, null));
    assertThrows(Exception.class, () -> new BrowserSocket(ws("/ui/ws/pulse"), null, null));
    try (BrowserSocket logs = new BrowserSocket(ws("/ui/ws/tasks/t/logs"), null, viewer)) {
      logs.awaitReceived("no task t");
    }
  }

  private URI ws(String path) {
    return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
  }
}
