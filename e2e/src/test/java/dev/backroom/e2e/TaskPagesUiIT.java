package dev.backroom.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The path from the overview to what is broken, in a real chromium against the store of
 * {@link UiStore}: login returns to the page asked for, the tasks page and its filters, a task's
 * restarts that never go down, the 404 page, audit refusals with their reason, and tables that
 * fit a laptop and a tablet in portrait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskPagesUiIT {
  static final LocatorAssertions.HasTextOptions SLOW =
      new LocatorAssertions.HasTextOptions().setTimeout(45_000);

  UiStore s;
  Page page;
  /** The till task whose container the tests kill and restart. */
  String task;

  @BeforeAll
  void start() {
    s = UiStore.start();
    page = s.ui.page;
  }

  @AfterAll
  void stop() {
    if (s != null) {
      s.close();
    }
  }

  @Test
  @Order(1)
  void login_returnsToThePageAskedFor_withItsQuery() {
    page.navigate(s.origin + "/tasks?state=RUNNING&service=till");
    assertTrue(UiLogin.onLoginPage(page), page.url());
    assertTrue(page.url().contains("next=%2Ftasks%3Fstate%3DRUNNING%26service%3Dtill"), page.url());
    UiLogin.submit(page, s.hub);
    assertTrue(page.url().endsWith("/tasks?state=RUNNING&service=till"), page.url());
    UiChecks.headingAndCurrentPage(page, "Tasks");
    assertThat(page.getByTestId("task-row")).hasCount(3);
  }

  @Test
  @Order(2)
  void overviewsTaskCard_leadsToTheTasksPage_whoseFormFiltersThroughTheQuery() {
    page.navigate(s.origin + "/");
    page.waitForNavigation(() -> page.getByTestId("tasks-link").click());
    assertTrue(page.url().endsWith("/tasks"), page.url());
    assertThat(page.getByTestId("task-row")).hasCount(3);

    task = s.tills().get(0).path("taskId").asText();
    // kill its container: the agent restarts it (Docker's exit 137)
    s.docker.client().killContainerCmd(s.dockerContainerOf(task)).exec();
    await().atMost(UiStore.CONVERGE).until(() -> s.tills().stream()
        .anyMatch(t -> t.path("taskId").asText().equals(task)
            && "RUNNING".equals(t.path("lastStatus").asText())
            && t.path("containers").get(0).path("restarts").asInt() == 1));

    page.getByTestId("filter-restarts").selectOption("1");
    page.getByTestId("filter-service").selectOption("till");
    page.waitForNavigation(() -> page.getByText("Filter",
        new Page.GetByTextOptions().setExact(true)).click());
    assertTrue(page.url().contains("restarts=1") && page.url().contains("service=till"),
        page.url());
    Locator rows = page.getByTestId("task-row");
    assertThat(rows).hasCount(1);
    assertThat(rows.first()).hasAttribute("data-task", task);
    assertThat(rows.first().getByTestId("row-restarts")).hasText("1");
    // bookmarkable: the same URL in a fresh load gives the same view
    page.reload();
    assertThat(page.getByTestId("task-row")).hasCount(1);
    page.navigate(s.origin + "/tasks?state=STOPPED&service=till");
    assertThat(page.getByTestId("task-row")).hasCount(0);
    UiBrowser.screenshot(page, "tasks-restarted-once");
  }

  @Test
  @Order(3)
  void taskDetails_showStartExitAndHealth_andRestartsNeverGoDownAcrossARestart() {
    page.navigate(s.origin + "/tasks/" + task);
    assertThat(page.getByTestId("task-restarts")).hasText("1");
    assertThat(page.getByTestId("exit-main")).containsText("137 (killed");
    assertThat(page.getByTestId("started-main")).containsText(" UTC");
    assertThat(page.getByTestId("task-health")).hasText("UNKNOWN");
    assertThat(page.getByTestId("health-meaning")).containsText("no health check is defined");

    String before = page.getByTestId("container-id").textContent().strip();
    page.getByTestId("restart").click();
    assertThat(page.locator("#toast")).hasText("Task restarting");
    // While the container is replaced the count is watched: it never shows less than 1.
    List<String> seen = new ArrayList<>();
    await().atMost(UiStore.CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> {
      seen.add(page.getByTestId("task-restarts").textContent().strip());
      Locator id = page.getByTestId("container-id");
      return id.count() == 1 && !before.equals(id.textContent().strip())
          && "RUNNING".equals(page.getByTestId("task-status").textContent().strip());
    });
    for (String n : seen) {
      assertTrue(Integer.parseInt(n) >= 1, "restarts went down: " + seen);
    }
    assertThat(page.getByTestId("task-restarts")).hasText("2", SLOW);
    UiBrowser.screenshot(page, "task-restarted-twice");
  }

  @Test
  @Order(4)
  void unknownOrReplacedTask_andUnknownPath_getA404PageWithAWayOn() {
    Response r = page.navigate(s.origin + "/tasks/till-0badc0de");
    assertEquals(404, r.status());
    UiChecks.headingAndCurrentPage(page, "Tasks");
    assertThat(page.getByRole(AriaRole.HEADING)).hasText("Not found");
    page.waitForNavigation(() -> page.getByTestId("not-found-link").click());
    assertTrue(page.url().endsWith("/tasks?service=till"), page.url());
    assertThat(page.getByTestId("task-row")).hasCount(3);

    r = page.navigate(s.origin + "/tasks/someone-elses-task");
    assertEquals(404, r.status());
    assertThat(page.getByTestId("not-found-link")).hasAttribute("href", "/tasks");

    r = page.navigate(s.origin + "/no/such/page");
    assertEquals(404, r.status());
    assertTrue(r.headerValue("content-type").startsWith("text/html"), r.headerValue("content-type"));
    assertThat(page.locator("header.top nav")).isVisible();
    assertThat(page.locator("h1")).hasText("Not found");
    UiBrowser.screenshot(page, "not-found");
  }

  @Test
  @Order(5)
  void aRefusedRequest_showsWhyOnTheAuditPage() {
    page.navigate(s.origin + "/tasks");
    Object status = page.evaluate("() => fetch('/api/v1/services/till/scale', {method: 'POST',"
        + " credentials: 'same-origin', headers: {'Content-Type': 'application/json',"
        + " 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},"
        + " body: JSON.stringify({desiredCount: -5})}).then(r => r.status)");
    assertEquals(400, status);
    page.navigate(s.origin + "/audit");
    Locator row = page.locator("[data-testid=audit] tbody tr").filter(new Locator.FilterOptions()
        .setHasText("/api/v1/services/till/scale"));
    assertThat(row.first().getByTestId("audit-reason")).hasText("invalid_request: invalid scale");
    assertThat(row.first().locator("td[data-label=Status]")).hasText("400");
  }

  @Test
  @Order(6)
  void onALaptopAndATabletInPortrait_noTableIsWiderThanTheScreen_andIdsCopy() {
    for (int[] size : new int[][] {{1366, 768}, {820, 1180}}) {
      BrowserContext ctx = page.context().browser().newContext(new Browser.NewContextOptions()
          .setViewportSize(size[0], size[1]).setHasTouch(size[0] < 1000));
      ctx.grantPermissions(List.of("clipboard-read", "clipboard-write"));
      Page p = ctx.newPage();
      UiLogin.logIn(p, s.origin, s.hub);
      for (String path : List.of("/tasks", "/tasks/" + task, "/audit", "/events")) {
        p.navigate(s.origin + path);
        assertThat(p.locator("table").first()).isVisible();
        Object over = p.evaluate("() => [document.documentElement, ...document.querySelectorAll("
            + "'table, .card')].filter(e => e.scrollWidth > e.clientWidth + 1)"
            + ".map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth)");
        assertEquals(List.of(), over, size[0] + "x" + size[1] + " " + path + " overflows");
        UiBrowser.screenshot(p, "fit-" + size[0] + path.replace('/', '-'));
      }
      // the short id and its copy button: the whole id goes to the clipboard
      p.navigate(s.origin + "/tasks/" + task);
      String full = s.dockerContainerOf(task);
      Locator copy = p.getByTestId("copy-container-id");
      assertThat(copy).hasAttribute("aria-label", "Copy container id " + full);
      assertEquals(12, p.getByTestId("container-id").textContent().strip().length());
      copy.click();
      assertThat(p.locator("#toast")).hasText("Copied " + full);
      assertEquals(full, p.evaluate("() => navigator.clipboard.readText()"));
      if (size[0] < 1000) {
        UiChecks.touchTargets(p);
      }
      ctx.close();
    }
  }

  @Test
  @Order(7)
  void withoutTheClipboardApi_copyFallsBackToASelectedTextarea() {
    page.navigate(s.origin + "/tasks/" + task);
    // what a hub on plain http over the store's LAN gets: no navigator.clipboard
    page.evaluate("() => { Object.defineProperty(navigator, 'clipboard', {value: undefined});"
        + " const exec = document.execCommand.bind(document); window.__copied = null;"
        + " document.execCommand = c => { window.__copied = document.activeElement.value;"
        + " return exec(c); }; }");
    String full = s.dockerContainerOf(task);
    page.getByTestId("copy-container-id").click();
    assertThat(page.locator("#toast")).hasText("Copied " + full);
    assertEquals(full, page.evaluate("() => window.__copied"));
    assertNotEquals(0, page.locator("button[data-copy]").count());
    assertEquals(List.of(), s.ui.foreign, "requests that left the hub's origin");
    assertEquals(List.of(), s.ui.blocked, "what the hub's Content-Security-Policy blocked");
  }
}
