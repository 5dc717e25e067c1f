package dev.backroom.hub.ui;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What goes over the wire to a tablet: text compressed, the UI's own scripts and stylesheet under
 * content-versioned URLs (kept a year) while their bare URLs are revalidated, and a favicon.
 */
@QuarkusTest
class UiTransportTest {
  private static final Pattern VERSIONED =
      Pattern.compile("(?:src|href)=\"(/ui/([a-z]+\\.(?:js|css|svg))\\?v=([0-9a-f]{12}))\"");
  /** Raw bytes, as the browser gets them: RestAssured would otherwise inflate them silently. */
  private static final RestAssuredConfig RAW = RestAssuredConfig.config()
      .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

  @ParameterizedTest
  @ValueSource(strings = {"/vendor/xterm/5.5.0/xterm.js", "/ui/app.js", "/ui/app.css",
      "/ui/task.js", "/webjars/htmx.org/2.0.10/dist/htmx.min.js", "/", "/devices", "/events"})
  void textIsCompressed_forABrowserThatAcceptsIt(String path) {
    Response plain = given().config(RAW).header("Accept-Encoding", "identity").get(path);
    Response gzip = given().config(RAW).header("Accept-Encoding", "gzip, deflate").get(path);
    assertEquals(200, gzip.statusCode(), path);
    assertEquals("gzip", gzip.header("Content-Encoding"), path);
    int raw = plain.asByteArray().length;
    int sent = gzip.asByteArray().length;
    // A page of a few KiB shrinks less than a script of hundreds, but shrinks.
    assertTrue(raw < 4096 ? sent < raw : sent * 2 < raw, path + ": " + sent + " of " + raw);
  }

  @Test
  void xtermJs_goesOverTheWireAtAFractionOfItsSize() {
    int sent = given().config(RAW).header("Accept-Encoding", "gzip")
        .get("/vendor/xterm/5.5.0/xterm.js").asByteArray().length;
    assertTrue(sent < 100_000, "xterm.js sent as " + sent + " bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/devices", "/services", "/telemetry", "/events", "/audit"})
  void pagesLoadTheUiAssetsByContentVersion_whichTheHubKeepsForAYear(String path)
      throws Exception {
    String page = given().get(path).then().statusCode(200).extract().asString();
    Matcher m = VERSIONED.matcher(page);
    List<String> seen = new java.util.ArrayList<>();
    while (m.find()) {
      seen.add(m.group(2));
      byte[] served = given().get("/ui/" + m.group(2)).then().statusCode(200).extract()
          .asByteArray();
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served));
      assertTrue(hash.startsWith(m.group(3)), m.group(1) + " names another content: " + hash);
      given().get(m.group(1)).then().statusCode(200)
          .header("Cache-Control", "public, max-age=31536000, immutable");
    }
    assertTrue(seen.containsAll(List.of("app.js", "app.css", "favicon.svg")), path + ": " + seen);
    assertTrue(!page.contains("\"/ui/app.js\"") && !page.contains("\"/ui/app.css\""),
        path + " still loads an unversioned asset");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/app.js", "/ui/app.css", "/ui/task.js", "/ui/favicon.svg"})
  void anUnversionedUiAsset_isRevalidatedEveryTime(String path) {
    given().get(path).then().statusCode(200).header("Cache-Control", "no-cache");
  }

  @Test
  void favicon_isAnSvgTheHubServes_andFaviconIcoLeadsThere() {
    String svg = anonymous().get("/ui/favicon.svg").then().statusCode(200)
        .contentType("image/svg+xml").extract().asString();
    assertTrue(svg.startsWith("<svg"), svg);
    String to = anonymous().redirects().follow(false).get("/favicon.ico").then().statusCode(302)
        .extract().header("Location");
    assertTrue(to.matches("/ui/favicon\\.svg\\?v=[0-9a-f]{12}"), to);
    anonymous().get(to).then().statusCode(200).contentType("image/svg+xml");
  }
}
