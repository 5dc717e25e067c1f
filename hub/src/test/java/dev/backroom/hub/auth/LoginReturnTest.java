package dev.backroom.hub.auth;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser sent to the login form comes back, once signed in, to the page it asked for, query
 * included; a target that is not a local path (another host, protocol-relative, a backslash)
 * is not followed: the browser lands on the overview.
 */
@QuarkusTest
class LoginReturnTest {
  @Inject Logins logins;

  @BeforeEach
  void user() {
    logins.resetThrottle();
    AuthTesting.tokenFor("lr-viewer", Roles.VIEWER);
  }

  /** Signs in through the form with {@code next}; the redirect's Location path and query. */
  private static String landing(String next) {
    var req = anonymous().redirects().follow(false).formParam("username", "lr-viewer")
        .formParam("password", AuthTesting.password("lr-viewer"));
    if (next != null) {
      req = req.formParam("next", next);
    }
    Response r = req.post("/login");
    r.then().statusCode(303);
    URI location = URI.create(r.getHeader("Location"));
    return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
  }

  @Test
  void anonymousBrowser_askingForAPageWithItsQuery_landsThereAfterLogin() {
    String asked = "/events?kind=task&deviceId=d-1";
    Response refused = anonymous().redirects().follow(false).accept("text/html").get(asked);
    refused.then().statusCode(302);
    String login = refused.getHeader("Location");
    assertEquals("/login?next=" + java.net.URLEncoder.encode(asked, StandardCharsets.UTF_8), login);
    // The form carries the target on, escaped for HTML.
    String next = URLDecoder.decode(login.substring("/login?next=".length()), StandardCharsets.UTF_8);
    anonymous().queryParam("next", next).get("/login").then().statusCode(200)
        .body(containsString("name=\"next\" value=\"/events?kind=task&amp;deviceId=d-1\""));
    assertEquals(asked, landing(next));
    assertEquals("/devices", landing("/devices"));
  }

  @Test
  void aWrongPassword_keepsTheTarget_forTheNextTry() {
    anonymous().redirects().follow(false).formParam("username", "lr-viewer")
        .formParam("password", "not the password").formParam("next", "/services")
        .post("/login").then().statusCode(401)
        .body(containsString("name=\"next\" value=\"/services\""));
  }

  @Test
  void externalOrProtocolRelativeTargets_fallBackToTheOverview() {
    for (String evil : new String[] {"https://evil.example/", "//evil.example/devices",
        "/\\evil.example", "javascript:alert(1)", "evil.example", "/\t/evil.example"}) {
      assertEquals("/", landing(evil), evil);
      anonymous().queryParam("next", evil).get("/login").then().statusCode(200)
          .body(not(containsString("name=\"next\"")));
    }
    assertEquals("/", landing(null));
  }
}
