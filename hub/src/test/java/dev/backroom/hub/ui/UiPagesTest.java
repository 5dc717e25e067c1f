package dev.backroom.hub.ui;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The pages render whole and as htmx fragments, reference only assets the hub itself serves
 * (no CDN: the store may be offline), and the pulse socket announces refreshes.
 */
@QuarkusTest
class UiPagesTest {
  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");

  @TestHTTPResource("/") URL base;

  @ParameterizedTest
  @ValueSource(strings = {"/", "/devices", "/services", "/tasks", "/tasks?state=RUNNING",
      "/telemetry", "/events", "/events?kind=service-created", "/audit", "/audit?actor=bootstrap"})
  void page_rendersWhole_andItsLivePartAlone(String path) {
    String page = given().get(path).then().statusCode(200)
        .contentType(containsString("text/html")).extract().asString();
    assertTrue(page.startsWith("<!DOCTYPE html>"), path);
    assertTrue(page.contains("id=\"live\""), path);
    assertTrue(page.contains("hx-trigger=\"refresh\""), path);

    String fragment = given().header("HX-Request", "true").get(path).then().statusCode(200)
        .extract().asString();
    assertTrue(!fragment.contains("<html") && !fragment.contains("id=\"live\""),
        path + " fragment: " + fragment);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/devices", "/services", "/telemetry", "/events", "/audit"})
  void everyAssetOfAPage_isServedByTheHubItself(String path) {
    String page = given().get(path).then().extract().asString();
    Matcher m = ASSET.matcher(page);
    int assets = 0;
    while (m.find()) {
      String ref = m.group(1);
      assertTrue(ref.startsWith("/"), path + " refers to " + ref + ", which is not on the hub");
      String file = ref.replaceFirst("\\?.*", "");
      if (file.endsWith(".js") || file.endsWith(".css") || file.endsWith(".svg")) {
        given().get(ref).then().statusCode(200);
        assets++;
      }
    }
    assertTrue(assets >= 3, path + ": only " + assets + " assets");
  }

  @ParameterizedTest
  @CsvSource({"/,Overview", "/devices,Devices", "/services,Services", "/tasks,Tasks",
      "/telemetry,Telemetry",
      "/events,Events", "/audit,Audit"})
  void everyPage_hasOneH1_andMarksItsNavigationItemAsTheCurrentPage(String path, String nav) {
    String page = given().get(path).then().statusCode(200).extract().asString();
    assertEquals(1, count(page, "<h1"), path + " has one h1");
    assertEquals(1, count(page, "aria-current=\"page\""), path + ": one current item");
    Matcher current = Pattern.compile("<a href=\"([^\"]*)\" class=\"on\" aria-current=\"page\">"
        + "([^<]*)</a>").matcher(page);
    assertTrue(current.find(), path + ": no current item");
    assertEquals(nav, current.group(2), path);
  }

  @Test
  void eventKindFilter_isAListOfTheRecordedKinds_keepingOneAskedForThatIsNotRecorded() {
    given().contentType("application/json").body("""
        {"family":"kinds-%d","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":16}]}"""
        .formatted(System.nanoTime())).post("/api/v1/task-definitions").then().statusCode(201);
    String page = given().get("/events").then().statusCode(200).extract().asString();
    assertTrue(page.contains("<select name=\"kind\""), "kind is a list");
    assertTrue(!page.contains("<input name=\"kind\""), "kind is not free text");
    assertTrue(page.contains("<option value=\"\">any</option>"), page);
    assertTrue(page.contains("<option>task-definition-registered</option>"), page);

    String filtered = given().get("/events?kind=task-definition-registered").then()
        .statusCode(200).extract().asString();
    assertTrue(filtered.contains("<option selected>task-definition-registered</option>"), filtered);
    String odd = given().get("/events?kind=not-recorded-yet").then().statusCode(200).extract()
        .asString();
    assertTrue(odd.contains("<option selected>not-recorded-yet</option>"), odd);
    assertTrue(odd.contains("No events match."), odd);
  }

  @Test
  void eventAndAuditTimes_sayTheirZone() {
    given().contentType("application/json").body("""
        {"family":"clock-%d","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":16}]}"""
        .formatted(System.nanoTime())).post("/api/v1/task-definitions").then().statusCode(201);
    for (String path : List.of("/events", "/audit")) {
      String page = given().get(path).then().statusCode(200).extract().asString();
      assertTrue(page.contains("<th>When (UTC)</th>"), path);
      Matcher t = Pattern.compile("<time title=\"([^\"]+)\">([^<]+)</time>").matcher(page);
      assertTrue(t.find(), path + " shows no time");
      String year = String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
      assertTrue(t.group(2).matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"), path + ": " + t.group(2));
      assertTrue(t.group(1).startsWith(year), t.group(1));
    }
  }

  private static int count(String s, String what) {
    return s.split(Pattern.quote(what), -1).length - 1;
  }

  @Test
  void unknownTask_is404() {
    given().get("/tasks/nope").then().statusCode(404);
  }

  @Test
  void unknownTask_inABrowser_isA404PageLinkingToAllTasks() {
    String page = given().accept("text/html").get("/tasks/nope").then().statusCode(404)
        .contentType(containsString("text/html")).extract().asString();
    assertEquals(1, count(page, "<h1"), page);
    assertTrue(page.contains("<nav aria-label=\"Pages\">"), page);
    assertTrue(page.contains("href=\"/tasks\" data-testid=\"not-found-link\""), page);
  }

  @Test
  void aReplacedTaskOfAKnownService_links404ToThatServicesCurrentTasks() {
    String svc = "gone" + Long.toHexString(System.nanoTime());
    given().contentType("application/json").body("{\"family\":\"" + svc + "\",\"containerDefinitions\":"
        + "[{\"name\":\"main\",\"image\":\"backroom/busybox:1\",\"memory\":16}]}")
        .post("/api/v1/task-definitions").then().statusCode(201);
    given().contentType("application/json").body("{\"serviceName\":\"" + svc
        + "\",\"taskDefinition\":\"" + svc + "\",\"desiredCount\":0}")
        .post("/api/v1/services").then().statusCode(201);
    String page = given().accept("text/html").get("/tasks/" + svc + "-0badc0de").then()
        .statusCode(404).extract().asString();
    assertTrue(page.contains("href=\"/tasks?service=" + svc + "\""), page);
    assertTrue(page.contains("Current tasks of service " + svc), page);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/nosuch", "/devices/extra/deep", "/tasks/a/b"})
  void unknownPath_inABrowser_isTheSame404Page_andJsonForAProgram(String path) {
    String page = given().accept("text/html").get(path).then().statusCode(404)
        .contentType(containsString("text/html")).extract().asString();
    assertTrue(page.contains("<h1>Not found</h1>"), page);
    assertTrue(page.contains("href=\"/tasks\""), page);
    given().accept("application/json").get(path).then().statusCode(404)
        .contentType(containsString("application/json"))
        .body(containsString("\"error\":\"not_found\""));
  }

  @Test
  void tasksPage_keepsItsFilterInTheQuery_andSaysWhatItCannotUse() {
    String page = given().get("/tasks?state=RUNNING&restarts=1&service=till").then()
        .statusCode(200).extract().asString();
    assertTrue(page.contains("<option selected>RUNNING</option>"), page);
    assertTrue(page.contains("<option value=\"1\" selected>restarted at least once</option>"), page);
    assertTrue(page.contains("<option selected>till</option>"), page);
    assertTrue(page.contains("method=\"get\" action=\"/tasks\""), page);
    String bad = given().get("/tasks?state=SLEEPING&restarts=lots").then().statusCode(200)
        .extract().asString();
    assertTrue(bad.contains("state: one of PENDING, RUNNING, RESTARTING, STOPPED"), bad);
    assertTrue(bad.contains("restarts: a whole number of restarts, at least 0"), bad);
  }

  @Test
  void vendoredTerminalAndChartLibraries_areServed() {
    for (String a : List.of("/vendor/xterm/5.5.0/xterm.js", "/vendor/xterm/5.5.0/xterm.css",
        "/vendor/xterm/5.5.0/addon-fit.js", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
        "/webjars/htmx.org/2.0.10/dist/htmx.min.js", "/ui/app.js", "/ui/task.js", "/ui/telemetry.js")) {
      given().get(a).then().statusCode(200).body(not(""));
    }
    given().get("/ui/telemetry/history").then().statusCode(200).body(containsString("[["));
  }

  @Test
  void pulse_announcesRefreshes() throws Exception {
    try (BrowserSocket pulse = new BrowserSocket(URI.create("ws://" + base.getHost() + ":"
        + base.getPort() + "/ui/ws/pulse"))) {
      pulse.awaitReceived("refresh ");
    }
  }
}
