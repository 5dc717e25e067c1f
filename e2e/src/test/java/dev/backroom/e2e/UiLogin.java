package dev.backroom.e2e;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.Map;

/**
 * Logging in as the hub's first admin through its login page ({@code GET/POST /login}, session
 * cookie). Seam: a hub whose login page is not there yet (auth stage 1: tokens only) is entered
 * with the admin's bearer token on every request of the browser context instead; the UI works
 * the same either way (no CSRF token is needed with a bearer token).
 */
final class UiLogin {
  private UiLogin() {}

  /** Returns how the browser got in: "session" or "bearer". */
  static String logIn(Page page, String origin, HubProcess hub) {
    Response r = page.navigate(origin + "/login");
    if (r != null && r.status() == 200 && page.locator("input[name=password]").count() > 0) {
      page.locator("input[name=username]").fill("admin");
      page.locator("input[name=password]").fill(hub.adminPassword());
      page.waitForNavigation(() -> page.locator("button[type=submit]").click());
      if (!page.url().endsWith("/login")) {
        return "session";
      }
      throw new AssertionError("login refused: " + page.content());
    }
    page.context().setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + hub.adminToken()));
    return "bearer";
  }
}
