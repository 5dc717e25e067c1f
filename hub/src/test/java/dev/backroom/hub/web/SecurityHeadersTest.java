package dev.backroom.hub.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.auth.AuthTesting;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Verifies that pages, the login form, static assets, API answers and refusals all carry the
 * security headers, and that no template needs what the policy forbids (inline scripts or
 * event-handler attributes).
 */
@QuarkusTest
class SecurityHeadersTest {
  private static final String STRICT_STYLE = "style-src 'self';";

  /** path, as whom (null: anonymous), expected status. */
  record Case(String path, boolean admin, int status) {}

  @Test
  void everyAnswerCarriesTheHeaders() {
    for (Case c : List.of(new Case("/login", false, 200), new Case("/", true, 200),
        new Case("/devices", true, 200), new Case("/ui/app.js", false, 200),
        new Case("/api/v1/services", true, 200), new Case("/api/v1/services", false, 401),
        new Case("/api/v1/services/no-such-service", true, 404))) {
      ValidatableResponse r = (c.admin() ? AuthTesting.given() : AuthTesting.anonymous())
          .redirects().follow(false).get(c.path()).then().statusCode(c.status())
          .header("X-Content-Type-Options", equalTo("nosniff"))
          .header("Referrer-Policy", equalTo("no-referrer"))
          .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
          .header("Content-Security-Policy", not(containsString("unsafe-eval")));
      if (!c.path().equals("/login")) {
        r.header("Content-Security-Policy", equalTo(SecurityHeaders.STRICT));
      }
    }
  }

  @Test
  void loginPage_keepsItsOwnStricterPolicy() {
    AuthTesting.anonymous().get("/login").then().statusCode(200)
        .header("Content-Security-Policy", containsString("default-src 'none'"))
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
  }

  /** Only the task page (xterm.js writes style elements) allows inline styles; never scripts. */
  @Test
  void taskPage_allowsInlineStylesOnly() {
    assertEquals(SecurityHeaders.TERMINAL, SecurityHeaders.forPath("/tasks/t-1")
        .get("Content-Security-Policy"));
    assertEquals(SecurityHeaders.STRICT, SecurityHeaders.forPath("/tasks")
        .get("Content-Security-Policy"));
    assertEquals(true, SecurityHeaders.TERMINAL.contains("script-src 'self';"));
    assertEquals(true, SecurityHeaders.STRICT.contains(STRICT_STYLE));
    AuthTesting.given().get("/tasks/no-such-task").then()
        .header("Content-Security-Policy", containsString("style-src 'self' 'unsafe-inline'"))
        .header("Content-Security-Policy", containsString("script-src 'self';"));
  }

  @Test
  void templatesHaveNoInlineScriptsOrHandlers() throws IOException {
    Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>");
    Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    Pattern styleAttr = Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String html = Files.readString(f);
        for (Pattern p : List.of(inlineScript, handler, styleAttr)) {
          Matcher m = p.matcher(html);
          while (m.find()) {
            found.add(f.getFileName() + ": " + m.group());
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }
}
