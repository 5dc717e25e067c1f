package dev.backroom.e2e;

import com.microsoft.playwright.Page;
import dev.backroom.harness.HubProcess;
import java.net.URI;

/**
 * Logging in as the hub's first admin through its login page (form, then session cookie). A
 * browser sent to the login form from a page comes back with {@code ?next=<that page>}, so a
 * refused login is told by the path, not by the whole URL.
 */
final class UiLogin {
  private UiLogin() {}

  static void logIn(Page page, String origin, HubProcess hub) {
    page.navigate(origin + "/login");
    submit(page, hub);
  }

  /** Fills and sends the login form the page shows now (e.g. after a redirect to it). */
  static void submit(Page page, HubProcess hub) {
    page.locator("input[name=username]").fill("admin");
    page.locator("input[name=password]").fill(hub.adminPassword());
    page.waitForNavigation(() -> page.locator("button[type=submit]").click());
    if (onLoginPage(page)) {
      throw new AssertionError("login refused: " + page.content());
    }
  }

  static boolean onLoginPage(Page page) {
    return "/login".equals(URI.create(page.url()).getPath());
  }
}
