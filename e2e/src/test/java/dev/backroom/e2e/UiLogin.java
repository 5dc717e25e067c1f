package dev.backroom.e2e;

import com.microsoft.playwright.Page;
import dev.backroom.harness.HubProcess;

/** Logging in as the hub's first admin through its login page (form, then session cookie). */
final class UiLogin {
  private UiLogin() {}

  static void logIn(Page page, String origin, HubProcess hub) {
    page.navigate(origin + "/login");
    page.locator("input[name=username]").fill("admin");
    page.locator("input[name=password]").fill(hub.adminPassword());
    page.waitForNavigation(() -> page.locator("button[type=submit]").click());
    if (page.url().endsWith("/login")) {
      throw new AssertionError("login refused: " + page.content());
    }
  }
}
