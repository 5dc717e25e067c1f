package dev.backroom.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's chromium driven by Playwright, for the UI tests. Playwright never downloads a
 * browser here: the driver is told to skip it and launches {@code /usr/bin/chromium}. Every
 * request and WebSocket the page opens is checked against the hub's origin, because the UI must
 * work in a store without internet.
 */
final class UiBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SHOTS = Repo.root().resolve("e2e/target/ui-screenshots");

  final Page page;
  /** URLs of requests that left the hub's origin; must stay empty. */
  final List<String> foreign = new CopyOnWriteArrayList<>();
  /** What the hub's Content-Security-Policy blocked (console reports); must stay empty. */
  final List<String> blocked = new CopyOnWriteArrayList<>();
  private final String origin;
  private final Playwright playwright;
  private final Browser browser;

  UiBrowser(String origin) {
    this(origin, null);
  }

  /**
   * @param spkiPin for an https origin: base64 SHA-256 of the hub's server key
   *     ({@link #spkiPin(Path)}), the one certificate chromium accepts besides its own trust
   *     store; a pin, not a blanket "ignore certificate errors"
   */
  UiBrowser(String origin, String spkiPin) {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium "
          + "(.ci/run does); the UI tests never download a browser");
    }
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    List<String> args = new java.util.ArrayList<>(List.of("--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"));
    if (spkiPin != null) {
      args.add("--ignore-certificate-errors-spki-list=" + spkiPin);
    }
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(args));
    this.origin = origin;
    // A tablet in landscape.
    page = newPage(new Browser.NewContextOptions().setViewportSize(1180, 820));
  }

  /**
   * Another page in a context of its own (its own cookies, so it logs in itself), e.g. a tablet
   * in portrait with a touch screen or a browser set to another time zone; watched like
   * {@link #page}.
   */
  Page newPage(Browser.NewContextOptions options) {
    Page page = browser.newContext(options).newPage();
    page.setDefaultTimeout(20_000);
    page.onRequest(r -> {
      if (!origin.equals(originOf(r.url()))) {
        foreign.add(r.url());
      }
    });
    page.onWebSocket(ws -> {
      if (!origin.replace("https://", "wss://").replace("http://", "ws://")
          .equals(originOf(ws.url()))) {
        foreign.add(ws.url());
      }
    });
    page.onDialog(d -> d.accept());
    page.onConsoleMessage(m -> {
      if (m.text().contains("Content Security Policy")) {
        blocked.add(m.text());
      }
    });
    return page;
  }

  /** Base64 SHA-256 of the public key of the first certificate in a PEM file (chromium's form). */
  static String spkiPin(Path serverPem) {
    try (var in = Files.newInputStream(serverPem)) {
      var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
          .getInstance("X.509").generateCertificate(in);
      return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
          .getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String originOf(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
  }

  void screenshot(String name) {
    screenshot(page, name);
  }

  /** A screenshot of another page, e.g. one of {@link #newPage}. */
  static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
