package dev.backroom.e2e;

import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.TcpProxy;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The on-site UI in a real headless chromium against a real hub (enrolled with a real cloud
 * through a cuttable link) and two real agents on the real Docker engine: the six scenarios of
 * issue 6, in order, with a screenshot of every page under e2e/target/ui-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TroubleshootingUiIT {
  static final LocatorAssertions.ContainsTextOptions SOON =
      new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

  UiStore fixture;
  String deviceA;
  String deviceB;
  DockerEngine docker;
  TcpProxy link;
  HubProcess hub;
  UiBrowser ui;
  String origin;

  @BeforeAll
  void start() {
    fixture = UiStore.start();
    deviceA = fixture.deviceA;
    deviceB = fixture.deviceB;
    docker = fixture.docker;
    link = fixture.link;
    hub = fixture.hub;
    ui = fixture.ui;
    origin = fixture.origin;
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void login_thenOverviewShowsTwoDevicesAndTheTaskCounts() {
    Page page = ui.page;
    page.navigate(origin + "/devices");
    assertTrue(page.url().endsWith("/login?next=%2Fdevices"),
        "an anonymous browser lands on the login page, which knows where it came from: "
        + page.url());
    ui.screenshot("0-login");
    UiLogin.submit(page, hub);
    assertTrue(page.url().endsWith("/devices"), "back where it asked to go: " + page.url());
    page.navigate(origin + "/");
    assertThat(page.getByTestId("who")).containsText("admin · admin");
    assertThat(page.getByTestId("devices-up")).hasText("2");
    assertThat(page.getByTestId("devices-down")).hasText("0");
    assertThat(page.getByTestId("tasks-total")).hasText("3");
    assertThat(page.getByTestId("tasks-RUNNING")).hasText("3");
    assertThat(page.getByTestId("cloud-state")).hasText("online", new LocatorAssertions.HasTextOptions().setTimeout(20_000));
    UiChecks.headingAndCurrentPage(page, "Overview");
    ui.screenshot("1-overview");
    for (String p : List.of("Devices", "Services", "Tasks", "Telemetry", "Events", "Audit")) {
      page.navigate(origin + "/" + p.toLowerCase());
      assertThat(page.locator("#live")).isVisible();
      UiChecks.headingAndCurrentPage(page, p);
      ui.screenshot("1-" + p.toLowerCase());
    }
  }

  @Test
  @Order(2)
  void liveLog_showsALineThatTheContainerPrintsAfterThePageOpened() throws Exception {
    Page page = ui.page;
    String task = runningTasks().get(0).path("taskId").asText();
    page.navigate(origin + "/tasks/" + task);
    assertThat(page.getByTestId("log-state")).hasText("following");
    String marker = "printed-after-open-" + UUID.randomUUID().toString().substring(0, 8);
    printInContainer(task, marker);
    Locator log = page.getByRole(AriaRole.LOG);
    assertThat(log).containsText(marker, SOON);
    assertThat(log).containsText("till-tick-");
    assertThat(log).hasAttribute("aria-live", "polite");
    UiChecks.headingAndCurrentPage(page, "Tasks");
    ui.screenshot("2-task-log");
  }

  @Test
  @Order(3)
  void restart_showsANewContainerIdWithoutAReload() {
    Page page = ui.page;
    String task = page.getByTestId("task-id").textContent();
    String before = page.getByTestId("container-id").textContent().strip();
    page.evaluate("() => { window.__sameDocument = 'yes'; }");
    page.getByTestId("restart").click();
    assertThat(page.locator("#toast")).hasText("Task restarting");
    assertThat(page.getByTestId("container-id")).not().hasText(before,
        new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    assertEquals("yes", page.evaluate("() => window.__sameDocument"), "the page was not reloaded");
    String after = page.getByTestId("container-id").textContent().strip();
    assertNotEquals("-", after);
    String docker = dockerContainerOf(task);
    assertTrue(docker.startsWith(after), "page shows " + after + ", Docker runs " + docker);
    ui.screenshot("3-task-restarted");
  }

  @Test
  @Order(4)
  void terminal_runsACommandInTheContainer() {
    Page page = ui.page;
    page.getByTestId("term-open").click();
    assertThat(page.locator("#term-state")).hasText("connected");
    page.locator("#term .xterm").click();
    page.keyboard().type("echo backroom-$((6*7))");
    page.keyboard().press("Enter");
    assertThat(page.locator("#term .xterm-rows")).containsText("backroom-42", SOON);
    ui.screenshot("4-terminal");
  }

  @Test
  @Order(5)
  void cuttingTheCloudLink_turnsTheOverviewOfflineWithinSeconds() {
    Page page = ui.page;
    page.navigate(origin + "/");
    assertThat(page.getByTestId("cloud-state")).hasText("online");
    link.cut();
    long cutAt = System.nanoTime();
    assertThat(page.getByTestId("cloud-state")).hasText("offline",
        new LocatorAssertions.HasTextOptions().setTimeout(20_000));
    System.out.printf("overview showed offline %d ms after the cut%n",
        (System.nanoTime() - cutAt) / 1_000_000);
    ui.screenshot("5-overview-offline");
    link.restore();
  }

  @Test
  @Order(6)
  void drainingADevice_movesItsTasks_andThePageShowsThemMove() {
    Page page = ui.page;
    String busy = runningTasks().stream().map(t -> t.path("deviceId").asText())
        .filter(d -> d.equals(deviceA) || d.equals(deviceB)).findFirst().orElseThrow();
    String other = busy.equals(deviceA) ? deviceB : deviceA;
    page.navigate(origin + "/devices");
    Locator card = page.getByTestId("device-" + busy);
    Locator otherCard = page.getByTestId("device-" + other);
    assertThat(card.getByTestId("device-tasks")).not().containsText("No tasks.");
    assertThat(card.locator(".actions button")).hasText(new String[] {"Hold", "Drain"});
    card.getByText("Drain", new Locator.GetByTextOptions().setExact(true)).click();
    assertThat(page.locator("#toast")).containsText("Device " + busy + " draining");
    assertThat(card.getByTestId("device-status")).containsText("DRAIN", SOON);
    // No second Drain on a draining or drained device; Release is what undoes it.
    assertThat(card.locator(".actions button:text-is('Drain')")).hasCount(0);
    assertThat(card.locator(".actions button").last()).hasText("Release");
    assertThat(card.getByTestId("device-tasks")).containsText("No tasks.",
        new LocatorAssertions.ContainsTextOptions().setTimeout(45_000));
    assertThat(otherCard.getByTestId("device-tasks").locator("li")).hasCount(3,
        new LocatorAssertions.HasCountOptions().setTimeout(45_000));
    assertThat(card.locator(".actions button")).hasText(new String[] {"Release"},
        new LocatorAssertions.HasTextOptions().setTimeout(45_000));
    ui.screenshot("6-devices-drained");
  }

  @Test
  @Order(7)
  void assets_arriveCompressedAndVersioned_andTheIconIsServed() {
    Page page = ui.page;
    String task = runningTasks().get(0).path("taskId").asText();
    Map<String, Response> got = UiChecks.load(page, origin + "/tasks/" + task);
    for (String asset : List.of("/vendor/xterm/5.5.0/xterm.js", "/ui/app.js?v=", "/ui/app.css?v=",
        "/ui/task.js?v=", "/tasks/" + task)) {
      Response r = UiChecks.find(got, asset);
      assertEquals(200, r.status(), asset);
      assertEquals("gzip", r.allHeaders().get("content-encoding"), asset + " " + r.allHeaders());
    }
    assertTrue(UiChecks.find(got, "/ui/app.js?v=").allHeaders().get("cache-control")
        .contains("immutable"));
    assertEquals("200 image/svg+xml", page.evaluate("() => fetch(document.querySelector("
        + "'link[rel=icon]').href).then(r => r.status + ' ' + r.headers.get('content-type'))"));
  }

  @Test
  @Order(8)
  void eventKindFilter_isAList_andTimesSayUtc() {
    Page page = ui.page;
    page.navigate(origin + "/events");
    page.getByTestId("filter-kind").selectOption("service-created");
    page.waitForNavigation(() -> page.getByText("Filter", new Page.GetByTextOptions().setExact(true)).click());
    assertTrue(page.url().contains("kind=service-created"), page.url());
    Locator kinds = page.locator("[data-testid=events] tr td:nth-child(2)");
    assertThat(kinds.first()).hasText("service-created");
    for (String k : kinds.allTextContents()) {
      assertEquals("service-created", k);
    }
    assertThat(page.locator("[data-testid=events] time").first()).containsText(" UTC");
    assertThat(page.locator("[data-testid=events] th").first()).hasText("When (UTC)");
    ui.screenshot("8-events-by-kind");
  }

  @Test
  @Order(9)
  void tabletInPortrait_everyControlIsAFingerWide() {
    Page tablet = ui.newPage(new Browser.NewContextOptions().setViewportSize(820, 1180)
        .setHasTouch(true));
    UiLogin.logIn(tablet, origin, hub);
    String task = runningTasks().get(0).path("taskId").asText();
    for (String p : List.of("/", "/devices", "/services", "/events", "/audit", "/tasks/" + task)) {
      tablet.navigate(origin + p);
      assertThat(tablet.locator("#live")).isVisible();
      UiChecks.touchTargets(tablet);
      UiBrowser.screenshot(tablet, "9-tablet" + p.replace('/', '-'));
    }
    tablet.context().close();
  }

  @Test
  @Order(10)
  void telemetryChart_isInUtcOnA24HourClock_whateverTheBrowsersZone() {
    Page west = ui.newPage(new Browser.NewContextOptions().setViewportSize(1180, 820)
        .setTimezoneId("America/Los_Angeles").setLocale("en-US"));
    UiLogin.logIn(west, origin, hub);
    west.navigate(origin + "/telemetry");
    UiChecks.chartTimeIsUtc(west);
    UiBrowser.screenshot(west, "10-telemetry-from-los-angeles");
    west.context().close();
    assertEquals(List.of(), ui.foreign, "requests that left the hub's origin");
    assertEquals(List.of(), ui.blocked, "what the hub's Content-Security-Policy blocked");
  }

  private List<JsonNode> runningTasks() {
    return fixture.tills();
  }

  private String dockerContainerOf(String task) {
    return fixture.dockerContainerOf(task);
  }

  /** Writes a line to the container's own stdout (PID 1's), so it lands in its log. */
  private void printInContainer(String task, String line) throws InterruptedException {
    String id = dockerContainerOf(task);
    String exec = docker.client().execCreateCmd(id)
        .withCmd("sh", "-c", "echo " + line + " > /proc/1/fd/1").exec().getId();
    docker.client().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>())
        .awaitCompletion(10, TimeUnit.SECONDS);
  }

}
