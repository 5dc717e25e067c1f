package dev.backroom.e2e;

import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.TcpProxy;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The UI's live behaviour in a real chromium against a real hub and agent, with a real cut of
 * the link between browser and hub (a {@link TcpProxy} in front of the hub's HTTPS port): the
 * banner and ticking ages while the hub is unreachable, refreshes that keep focus and a text
 * selection, a live log that resumes after a reconnect instead of repeating itself (and says
 * when lines may be missing), and line times on the hub's UTC clock whatever the browser's zone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveUiIT {
  static final Duration CONVERGE = Duration.ofSeconds(45);
  /** A reconnected tail resumes with this many lines; the container prints one a second. */
  static final int TAIL = 10;
  static final Pattern TICK = Pattern.compile("tick-(\\d+)");
  static final LocatorAssertions.ContainsTextOptions SOON =
      new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String device = "live-" + run;
  Path dir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess agent;
  TcpProxy link;
  UiBrowser ui;
  String origin;

  @BeforeAll
  void start() {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = SyncSupport.runDir("live-" + run);
    hub = HubProcess.start(dir.resolve("hub"), null,
        Map.of("backroom.ui.log-tail-lines", Integer.toString(TAIL)));
    agent = AgentProcess.start(AgentProcess.Device.nuc(device), hub, dir.resolve(device));
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 1);
    hub.api().post("/api/v1/task-definitions", """
        {"family":"tick","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,
         "command":["sh","-c","i=0; while true; i=$((i+1)); do echo tick-$i; sleep 1; done"]}]}
        """).expect(201);
    hub.api().post("/api/v1/services",
        "{\"serviceName\":\"tick\",\"taskDefinition\":\"tick\",\"desiredCount\":1}").expect(201);
    await().atMost(CONVERGE).until(() -> running().size() == 1);
    // The browser reaches the hub only through the cuttable link; the hub's origin is the link's.
    link = TcpProxy.start(hub.httpPort());
    origin = (hub.tls() ? "https" : "http") + "://127.0.0.1:" + link.port();
    ui = new UiBrowser(origin, hub.tls()
        ? UiBrowser.spkiPin(hub.caFile().resolveSibling("server.pem")) : null);
    UiLogin.logIn(ui.page, origin, hub);
  }

  @AfterAll
  void stop() {
    if (ui != null) {
      ui.close();
    }
    if (agent != null) {
      agent.stop();
    }
    if (hub != null) {
      hub.stop();
    }
    if (link != null) {
      link.close();
    }
    if (docker != null) {
      docker.removeDeviceContainers(device);
      docker.close();
    }
  }

  @Test
  @Order(1)
  void hubUnreachable_showsABannerWithTheDataAge_andAgesKeepTicking() {
    Page page = ui.page;
    page.navigate(origin + "/devices");
    assertThat(page.locator("body[data-live=yes]")).hasCount(1);
    assertThat(page.getByTestId("link-down")).hasCount(0);
    Locator heartbeat = page.getByTestId("heartbeat").locator("time[data-rel=ago]");
    assertThat(heartbeat).hasAttribute("datetime", Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT"));

    link.cut();
    Locator banner = page.getByTestId("link-down");
    assertThat(banner).containsText("The link to the hub is down.");
    assertThat(banner.getByRole(AriaRole.ALERT)).hasCount(1);
    Locator updated = page.getByTestId("link-updated");
    assertThat(updated).containsText(Pattern.compile("updated \\d+ s ago"));
    int first = seconds(updated.textContent());
    // With the hub unreachable, the page's own clock moves the ages on: the data age and the
    // heartbeat age both grow.
    int beat = seconds(heartbeat.textContent());
    await().atMost(Duration.ofSeconds(10)).until(() -> seconds(updated.textContent()) >= first + 2
        && seconds(heartbeat.textContent()) >= beat + 2);
    ui.screenshot("live-1-hub-unreachable");

    link.restore();
    assertThat(banner).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
    assertThat(page.locator("body[data-live=yes]")).hasCount(1);
  }

  @Test
  @Order(2)
  void refreshes_changeOnlyWhatChanged_keepFocus_andWaitWhileTextIsSelected() {
    Page page = ui.page;
    page.navigate(origin + "/devices");
    Locator live = page.locator("#live");
    Locator tasks = page.getByTestId("device-" + device).getByTestId("device-tasks").locator("li");
    assertThat(tasks).hasCount(1);
    // Nothing changed: refreshes fetch, but the page keeps its nodes (a mark on one survives).
    // What the hub renders does change on its own (the agent beats every second, and each beat
    // moves the heartbeat's instant; on a loaded machine a device's state can move too), and
    // that is a real change the page must take. So the three refreshes are judged in a window in
    // which the rendered fragment (ages' ticking text left out) stayed the same; in such a window
    // a swap, or a lost mark, fails after the retries.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      page.evaluate("() => { document.querySelector('#live h2').__mark = 'kept'; }");
      String before = rendered(page);
      int refreshes = counter(page, "refreshes");
      int swaps = counter(page, "swaps");
      for (int i = 1; i <= 3; i++) {
        refresh(page);
      }
      assertEquals(before, rendered(page), "the hub's fragment changed in the window");
      assertTrue(counter(page, "refreshes") >= refreshes + 3);
      assertEquals(swaps, counter(page, "swaps"), "an unchanged fragment swaps nothing");
      assertEquals("kept", page.evaluate("() => document.querySelector('#live h2').__mark"));
    });

    // A selection inside #live holds the swaps back: the technician can copy what they chose.
    String selected = selectText(page, "#live h2");
    assertEquals(device, selected);
    scale(2);
    await().atMost(CONVERGE).until(() -> running().size() == 2);
    // A refresh after the change: its fragment (two tasks) waits for the selection to end.
    refresh(page);
    assertEquals(selected, page.evaluate("() => window.getSelection().toString()"));
    assertThat(tasks).hasCount(1);
    page.evaluate("() => window.getSelection().removeAllRanges()");
    assertThat(tasks).hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(20_000));

    // Focus on a control inside #live stays there through a swap that changes the page.
    Locator hold = page.getByTestId("device-" + device).locator(".actions button").first();
    hold.focus();
    int swapsBefore = counter(page, "swaps");
    scale(1);
    assertThat(tasks).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
    await().atMost(Duration.ofSeconds(5)).until(() -> counter(page, "swaps") > swapsBefore);
    assertEquals("BUTTON " + hold.textContent(), page.evaluate(
        "() => document.activeElement.tagName + ' ' + document.activeElement.textContent"));
    assertTrue((Boolean) page.evaluate("() => document.getElementById('live')"
        + ".contains(document.activeElement)"), "focus is still inside the live part");
  }

  @Test
  @Order(3)
  void liveLog_resumesAfterAReconnect_withoutRepeating_andSaysWhenLinesMayBeMissing() {
    Page page = ui.page;
    String task = running().get(0).path("taskId").asText();
    page.navigate(origin + "/tasks/" + task);
    assertThat(page.getByTestId("log-state")).hasText("following");
    await().atMost(Duration.ofSeconds(20)).until(() -> ticks(page).size() >= 3);

    // A short drop: fewer lines than the tail are written meanwhile, so the log joins up.
    int lastBefore = last(ticks(page));
    link.cut(TcpProxy.Mode.RESET);
    assertThat(page.getByTestId("log-state")).containsText("disconnected");
    link.restore();
    assertThat(page.getByTestId("log-state")).hasText("following",
        new LocatorAssertions.HasTextOptions().setTimeout(20_000));
    await().atMost(Duration.ofSeconds(20)).until(() -> last(ticks(page)) >= lastBefore + 3);
    List<Integer> ticks = ticks(page);
    assertConsecutive(ticks);
    assertThat(page.locator("#log .gap")).hasCount(0);

    // A long drop: more lines than the tail holds are written; the log says lines may be
    // missing between the two stretches, and still repeats none.
    int lastShown = last(ticks(page));
    link.cut(TcpProxy.Mode.RESET);
    assertThat(page.getByTestId("log-state")).containsText("disconnected");
    String container = docker.running(Map.of("backroom.task-id", task)).get(0).getId();
    await().atMost(Duration.ofSeconds(60)).until(() -> lastTickInDocker(container) >= lastShown + TAIL + 3);
    link.restore();
    assertThat(page.locator("#log .gap")).containsText("may be missing", SOON);
    await().atMost(Duration.ofSeconds(20)).until(() -> last(ticks(page)) > lastShown + TAIL + 3);
    List<Integer> after = ticks(page);
    assertEquals(after.stream().distinct().count(), after.size(), "no line twice: " + after);
    assertTrue(after.stream().sorted().toList().equals(after), "in order: " + after);
    ui.screenshot("live-3-log-resumed");
  }

  @Test
  @Order(4)
  void logLineTimes_areTheHubsUtc_labelled_whateverTheBrowsersZone() {
    Page tokyo = ui.newPage(new Browser.NewContextOptions().setViewportSize(1180, 820)
        .setTimezoneId("Asia/Tokyo"));
    UiLogin.logIn(tokyo, origin, hub);
    String task = running().get(0).path("taskId").asText();
    tokyo.navigate(origin + "/tasks/" + task);
    try {
      assertThat(tokyo.getByTestId("log-clock")).hasText(
          "times: UTC, when the container wrote each line",
          new LocatorAssertions.HasTextOptions().setTimeout(20_000));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + logSessions(tokyo), e);
    }
    Locator time = tokyo.locator("#log div:not(.gap) time.lt").last();
    assertThat(time).isVisible();
    // One read of one element: the container writes a line every couple of seconds, and a new
    // last line could arrive between two reads of "the last" (datetime of one, text of the next).
    List<?> seen = (List<?>) time.evaluate(
        "e => [e.getAttribute('datetime'), e.textContent, e.getAttribute('title')]");
    String iso = (String) seen.get(0);
    // Written today (UTC): the time of day with milliseconds, as the ISO instant says it in UTC.
    assertEquals(iso.substring(11, 23), seen.get(1), iso);
    assertTrue(Pattern.matches("written by the container at .* UTC", (String) seen.get(2)),
        String.valueOf(seen.get(2)));
    // The page's other times say UTC too, with their absolute instant for the ones that tick.
    assertThat(tokyo.getByTestId("running-for").locator("time")).hasAttribute("title",
        Pattern.compile("since .* UTC"));
    UiBrowser.screenshot(tokyo, "live-4-log-times-from-tokyo");
    tokyo.context().close();
    assertEquals(List.of(), ui.foreign, "requests that left the hub's origin");
  }

  /** What a log tail that shows no line went through: the page's state, hub's and device's. */
  private String logSessions(Page page) {
    StringBuilder out = new StringBuilder("log-state: ")
        .append(page.getByTestId("log-state").textContent()).append("\n#log: ")
        .append(page.locator("#log").textContent()).append('\n');
    for (Path log : List.of(dir.resolve("hub/hub.log"), dir.resolve(device + "/agent.log"))) {
      try (var lines = java.nio.file.Files.lines(log)) {
        out.append(log.getFileName()).append(":\n");
        lines.filter(l -> l.contains("session") || l.contains("WebSocket")
                || l.contains("command") || l.contains("WARN") || l.contains("SEVERE"))
            .forEach(l -> out.append("  ").append(l, 0, Math.min(l.length(), 300)).append('\n'));
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        out.append(log).append(": ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  private List<JsonNode> running() {
    List<JsonNode> out = new ArrayList<>();
    hub.api().get("/api/v1/tasks?serviceName=tick").json().forEach(t -> {
      if ("RUNNING".equals(t.path("lastStatus").asText())) {
        out.add(t);
      }
    });
    return out;
  }

  private void scale(int n) {
    hub.api().post("/api/v1/services/tick/scale",
        "{\"desiredCount\":" + n + ",\"reason\":\"LiveUiIT\"}").expect(200);
  }

  /** One refresh of #live, as a pulse triggers it, waited for until its answer is handled. */
  private static void refresh(Page page) {
    int before = counter(page, "refreshes");
    page.evaluate("() => htmx.trigger(document.getElementById('live'), 'refresh')");
    await().atMost(Duration.ofSeconds(10)).until(() -> counter(page, "refreshes") > before);
  }

  /** #live as rendered, less the ages' text that ticks in the browser. */
  private static String rendered(Page page) {
    return (String) page.evaluate("() => document.getElementById('live').innerHTML"
        + ".replace(/(<time[^>]*data-rel=[^>]*>)[^<]*(<\\/time>)/g, '$1$2')");
  }

  private static int counter(Page page, String name) {
    Object v = page.evaluate("n => Number(document.getElementById('live').dataset[n] || 0)", name);
    return ((Number) v).intValue();
  }

  /** Selects the text of the first element matching css, as a drag would; returns it. */
  private static String selectText(Page page, String css) {
    return (String) page.evaluate("css => { const el = document.querySelector(css);"
        + " const r = document.createRange(); r.selectNodeContents(el);"
        + " const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);"
        + " return s.toString(); }", css);
  }

  private static int seconds(String text) {
    Matcher m = Pattern.compile("(\\d+) s ago").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no age in seconds: " + text);
    }
    return Integer.parseInt(m.group(1));
  }

  /** The tick numbers of the log's lines, in page order. */
  private static List<Integer> ticks(Page page) {
    List<Integer> out = new ArrayList<>();
    for (String line : page.locator("#log div:not(.gap)").allTextContents()) {
      Matcher m = TICK.matcher(line);
      if (m.find()) {
        out.add(Integer.parseInt(m.group(1)));
      }
    }
    return out;
  }

  private static int last(List<Integer> ticks) {
    return ticks.isEmpty() ? -1 : ticks.get(ticks.size() - 1);
  }

  private static void assertConsecutive(List<Integer> ticks) {
    for (int i = 1; i < ticks.size(); i++) {
      assertEquals(ticks.get(i - 1) + 1, ticks.get(i), "line " + i + " of " + ticks);
    }
    assertFalse(ticks.isEmpty());
  }

  private int lastTickInDocker(String container) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    docker.client().logContainerCmd(container).withStdOut(true).withTail(1)
        .exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame f) {
            out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
          }
        }).awaitCompletion(10, TimeUnit.SECONDS);
    Matcher m = TICK.matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
