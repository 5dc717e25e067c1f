package dev.backroom.hub.ui;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.mqtt.HubMqtt;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server decides a technician reads: sizes with units, a deployments table with a header
 * row, the message each action leaves, device actions only where they apply, and a live log that
 * assistive technology announces. One scripted device with one task (4096 MiB, the task 16 MiB).
 */
@QuarkusTest
class UiPlainLanguageTest {
  private static final Pattern ACTIONS = Pattern.compile("data-act=\"/api/v1/devices/[^/]+/(\\w+)\"");
  @Inject HubMqtt mqtt;

  private ScriptedDevice device;
  private String task;

  @BeforeEach
  void device() {
    String id = "plain-" + System.nanoTime() % 100000;
    device = new ScriptedDevice(mqtt.brokerUri(), id);
    task = device.runOneTask("svc-" + id);
  }

  @AfterEach
  void close() {
    given().contentType("application/json").body("{}")
        .post("/api/v1/devices/" + device.id + "/release");
    given().delete("/api/v1/services/svc-" + device.id);
    device.close();
  }

  @Test
  void deviceMemory_isInMiBEverywhereOnItsLine() {
    String card = card(given().get("/devices").then().statusCode(200).extract().asString());
    Matcher m = Pattern.compile("data-testid=\"device-memory\">([^<]*)</dd>").matcher(card);
    assertTrue(m.find(), card);
    assertEquals("16 MiB used · 4080 MiB free of 4096 MiB", m.group(1));
  }

  @Test
  void deviceActions_areOnlyThoseThatApply_andEachSaysWhatHappened() {
    assertEquals(List.of("hold", "drain"), actions());
    String card = card(given().get("/devices").then().extract().asString());
    assertTrue(card.contains("data-done=\"Device " + device.id + " held\""), card);

    given().contentType("application/json").body("{}")
        .post("/api/v1/devices/" + device.id + "/hold").then().statusCode(200);
    assertEquals(List.of("drain", "release"), actions());

    given().contentType("application/json").body("{}")
        .post("/api/v1/devices/" + device.id + "/release").then().statusCode(200);
    assertEquals(List.of("hold", "drain"), actions());
  }

  @Test
  void deploymentsTable_hasAHeaderRow() {
    String page = given().get("/services").then().statusCode(200).extract().asString();
    int at = page.indexOf("data-testid=\"service-svc-" + device.id + "\"");
    assertTrue(at > 0, page);
    String service = page.substring(at);
    String table = service.substring(service.indexOf("data-testid=\"deployments\""));
    table = table.substring(0, table.indexOf("</table>"));
    assertTrue(table.contains("<tr><th>Task definition</th><th>Rollout</th><th>Status</th>"
        + "<th>Running on it</th></tr>"), table);
    assertTrue(table.contains("svc-" + device.id + ":1"), table);
  }

  @Test
  void taskPage_actionsSayWhatHappened_inWords_andTheLiveLogIsALiveRegion() {
    String page = given().get("/tasks/" + task).then().statusCode(200).extract().asString();
    assertTrue(page.contains("data-act=\"/api/v1/tasks/" + task + "/hold\" data-done=\"Task held\""),
        page);
    assertTrue(page.contains("/restart\" data-done=\"Task restarting\""), page);
    assertTrue(page.contains("/stop\" data-done=\"Task stopped: its service starts a replacement\""),
        page);
    Matcher log = Pattern.compile("<pre id=\"log\"[^>]*>").matcher(page);
    assertTrue(log.find(), page);
    assertTrue(log.group().contains("role=\"log\"") && log.group().contains("aria-live=\"polite\""),
        log.group());
    assertEquals(1, page.split("<h1", -1).length - 1, "one h1");
    assertTrue(page.contains("<h1>Task <span data-testid=\"task-id\">" + task + "</span></h1>"), page);

    given().contentType("application/json").body("{}").post("/api/v1/tasks/" + task + "/hold")
        .then().statusCode(200);
    String held = given().get("/tasks/" + task).then().statusCode(200).extract().asString();
    assertTrue(held.contains("/release\" data-done=\"Task released\""), held);
  }

  private List<String> actions() {
    Matcher m = ACTIONS.matcher(card(given().get("/devices").then().statusCode(200).extract()
        .asString()));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** This device's card on the devices page. */
  private String card(String page) {
    int at = page.indexOf("data-testid=\"device-" + device.id + "\"");
    assertTrue(at > 0, "no card for " + device.id + " in " + page);
    int end = page.indexOf("</section>", at);
    return page.substring(at, end);
  }
}
