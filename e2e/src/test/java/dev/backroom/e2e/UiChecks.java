package dev.backroom.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a technician's browser must find on every page, checked in the real browser: the
 * TroubleshootingUiIT scenarios call these on the pages they have open.
 */
final class UiChecks {
  /** The smallest touch target on a tablet, in CSS pixels (WCAG 2.5.5). */
  static final double TOUCH = 44;
  /** Everything a finger presses; hidden inputs and closed terminals are not visible. */
  static final String CONTROLS = "button, input, select, header.top nav a, header.top .brand, .filters a";
  private static final Pattern LEGEND_TIME =
      Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d)(:\\d\\d)?");

  private UiChecks() {}

  /** Navigates to {@code url} and returns the responses the browser got, by path and query. */
  static Map<String, Response> load(Page page, String url) {
    Map<String, Response> got = new ConcurrentHashMap<>();
    page.onResponse(r -> got.put(r.url().replaceFirst("^[a-z]+://[^/]+", ""), r));
    page.navigate(url);
    page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
    return got;
  }

  /** The response for the first path starting with {@code prefix}, as the browser received it. */
  static Response find(Map<String, Response> got, String prefix) {
    return got.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst()
        .map(Map.Entry::getValue).orElseThrow(() -> new AssertionError("the browser never loaded "
            + prefix + ": " + got.keySet()));
  }

  /** One h1, and the navigation marks {@code nav} (and only it) as the current page. */
  static void headingAndCurrentPage(Page page, String nav) {
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .hasCount(1);
    Locator current = page.locator("header nav [aria-current=page]");
    assertThat(current).hasCount(1);
    assertThat(current).hasText(nav);
  }

  /** Every visible control on the page is at least {@link #TOUCH} px each way. */
  static void touchTargets(Page page) {
    List<String> small = new ArrayList<>();
    Locator all = page.locator(CONTROLS);
    int visible = 0;
    for (int i = 0; i < all.count(); i++) {
      Locator c = all.nth(i);
      if (!c.isVisible()) {
        continue;
      }
      visible++;
      BoundingBox b = c.boundingBox();
      if (b.height < TOUCH - 0.5 || b.width < TOUCH - 0.5) {
        small.add(c.evaluate("e => e.outerHTML.slice(0, 80)") + " " + b.width + "x" + b.height);
      }
    }
    assertTrue(visible > 0, page.url() + ": no controls found");
    assertEquals(List.of(), small, page.url() + ": controls smaller than " + TOUCH + " px");
  }

  /**
   * The chart's legend shows the time under the cursor: hovering the newest samples must give
   * a 24-hour UTC time close to now, although the browser is set to another zone.
   */
  static void chartTimeIsUtc(Page page) {
    assertThat(page.getByTestId("chart-caption")).containsText("UTC");
    Locator over = page.locator("#chart .u-over");
    assertThat(over).isVisible();
    BoundingBox b = over.boundingBox();
    String legend = "";
    Matcher m = null;
    // The newest samples are at the right edge; move a little left until one is under the cursor.
    for (int dx = 2; dx < b.width / 2; dx += 4) {
      page.mouse().move(b.x + b.width - dx, b.y + b.height / 2);
      legend = page.locator("#chart .u-legend .u-series").first().locator(".u-value").textContent();
      m = LEGEND_TIME.matcher(legend);
      if (m.find()) {
        break;
      }
      m = null;
    }
    assertTrue(m != null, "no time in the chart's legend: " + legend);
    assertTrue(!legend.matches("(?i).*\\d\\s*[ap]m\\b.*"), "12-hour clock: " + legend);
    LocalDateTime shown = LocalDateTime.parse(m.group(1),
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    Duration off = Duration.between(shown.toInstant(ZoneOffset.UTC), java.time.Instant.now()).abs();
    assertTrue(off.toMinutes() < 30, "chart shows " + legend + ", " + off + " from UTC now");
  }
}
