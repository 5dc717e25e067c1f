package dev.backroom.e2e;

import com.microsoft.playwright.Page;

/**
 * Logging in through the hub's login page. Seam: before hub authentication is merged the hub
 * has no login page, and the UI opens for everyone.
 */
final class UiLogin {
  private UiLogin() {}

  static void logIn(Page page, String origin, HubProcess hub) {
    page.navigate(origin + "/");
  }
}
