package dev.backroom.hub.ui;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.mqtt.HubMqtt;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the page script needs to keep a page live, as the hub renders it: the hub's clock, and
 * every age as a {@code <time>} with its instant beside a text that reads right without script.
 */
@QuarkusTest
class UiLiveMarkupTest {
  private static final Pattern HUB_NOW = Pattern.compile("<meta name=\"hub-now\" content=\"(\\d+)\">");

  @Inject HubMqtt mqtt;

  @Test
  void everyPage_carriesTheHubsClock() {
    for (String path : new String[] {"/", "/devices", "/services", "/telemetry", "/events"}) {
      String page = given().get(path).then().statusCode(200).extract().asString();
      Matcher m = HUB_NOW.matcher(page);
      assertTrue(m.find(), path + " has no hub-now");
      long skew = Math.abs(Long.parseLong(m.group(1)) - System.currentTimeMillis());
      assertTrue(skew < 60_000, path + ": hub-now off by " + skew + " ms");
    }
  }

  @Test
  void ages_areTimeElementsWithTheirInstant_andReadWithoutScript() {
    String id = "live-" + System.nanoTime() % 100000;
    try (ScriptedDevice device = new ScriptedDevice(mqtt.brokerUri(), id)) {
      String task = device.runOneTask("svc-" + id);
      Pattern heartbeat = Pattern.compile("heartbeat <time class=\"rel\" datetime=\"([^\"]+)\" "
          + "data-rel=\"ago\" title=\"[^\"]+ UTC\">\\d+ s ago</time>");
      await().atMost(Duration.ofSeconds(20)).until(() -> heartbeat.matcher(
          given().get("/devices").then().extract().asString()).find());
      Matcher m = heartbeat.matcher(given().get("/devices").then().extract().asString());
      assertTrue(m.find());
      Instant.parse(m.group(1));
      Pattern running = Pattern.compile("<time class=\"rel\" datetime=\"([^\"]+)\" data-rel=\"for\" "
          + "title=\"since [^\"]+ UTC\">for \\d+ s</time>");
      await().atMost(Duration.ofSeconds(20)).until(() -> running.matcher(given()
          .header("HX-Request", "true").get("/tasks/" + task).then().extract().asString()).find());
      given().delete("/api/v1/services/svc-" + id);
    }
  }
}
