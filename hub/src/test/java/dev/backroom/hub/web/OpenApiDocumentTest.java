package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.auth.Routes;
import dev.backroom.httpguard.RawRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the OpenAPI document at /q/openapi in step with the code and with docs/api.md: every
 * JAX-RS route of the hub (but the UI's HTML pages) is in the document and the document has no
 * other, each with the security the route really has, and the REST table of docs/api.md names
 * exactly the same routes. A new endpoint without docs, or docs of a removed one, fails here with
 * the routes named. The document needs a login like the API, and the extension's own open route
 * and Swagger UI are not served.
 */
@QuarkusTest
class OpenApiDocumentTest {
  static final Path API_DOC = Path.of("..", "docs", "api.md");
  static final String UI_PACKAGE = "dev.backroom.hub.ui";

  @TestHTTPResource("/") URL base;

  @Test
  void anonymous_gets401_andAWrongTokenToo() throws Exception {
    for (String target : new String[] {"/q/openapi", "/q/openapi?format=json"}) {
      RawRequest.Answer a = send(target);
      assertEquals(401, a.status(), target + ": " + a.body());
      assertEquals("unauthorized", new ObjectMapper().readTree(a.body()).path("error").asText());
    }
    assertEquals(401, send("/q/openapi", "Authorization: Bearer not-a-token").status());
  }

  @Test
  void noOtherRoute_servesTheDocumentOrAUi() throws Exception {
    // The extension's own route is moved aside and switched off; Swagger UI is off.
    for (String target : new String[] {"/q/openapi-extension-route", "/q/openapi.json",
        "/q/openapi.yaml", "/q/swagger-ui", "/q/swagger-ui/", "/q/swagger-ui/index.html",
        "/openapi", "/Q/openapi", "/q/openapi/"}) {
      RawRequest.Answer a = send(target);
      assertTrue(a.status() == 401 || a.status() == 404, target + ": " + a.status());
      assertFalse(a.body().contains("openapi:") || a.body().contains("\"openapi\""), target);
      assertFalse(a.body().toLowerCase().contains("swagger"), target);
    }
  }

  @Test
  void aViewer_getsYamlByDefault_jsonOnRequest_andABadFormatIs400() throws Exception {
    String viewer = "Authorization: Bearer " + AuthTesting.tokenFor("openapi-viewer", Roles.VIEWER);
    RawRequest.Answer yaml = send("/q/openapi", viewer);
    assertEquals(200, yaml.status(), yaml.body());
    assertTrue(yaml.headers().get("content-type").startsWith("application/yaml"));
    assertTrue(yaml.body().startsWith("---") || yaml.body().startsWith("openapi:"), yaml.body());
    assertTrue(yaml.body().contains("/api/v1/services"));

    RawRequest.Answer json = send("/q/openapi", viewer, "Accept: application/json");
    assertEquals(200, json.status());
    assertTrue(json.headers().get("content-type").startsWith("application/json"));
    assertEquals("Backroom hub REST API",
        new ObjectMapper().readTree(json.body()).path("info").path("title").asText());

    RawRequest.Answer bad = send("/q/openapi?format=xml", viewer);
    assertEquals(400, bad.status(), bad.body());
    JsonNode refusal = new ObjectMapper().readTree(bad.body());
    assertEquals("invalid_request", refusal.path("error").asText(), bad.body());
    assertEquals("format", refusal.path("violations").path(0).path("path").asText(), bad.body());
  }

  @Test
  void theDocument_namesEveryRouteOfTheCode_andNoOther_withItsSecurity() throws Exception {
    JsonNode doc = document();
    JsonNode scheme = doc.path("components").path("securitySchemes").path("bearer");
    assertEquals("http", scheme.path("type").asText(), doc.path("components").toString());
    assertEquals("bearer", scheme.path("scheme").asText());

    Map<String, Routes.Route> code = new TreeMap<>();
    for (Routes.Route r : Routes.all()) {
      if (!r.javaMethod().getDeclaringClass().getPackageName().startsWith(UI_PACKAGE)) {
        code.put(ApiTable.key(r.method(), r.template()), r);
      }
    }
    Map<String, JsonNode> documented = operations(doc);
    assertEquals(Set.of(), difference(code.keySet(), documented.keySet()),
        "JAX-RS routes missing from /q/openapi");
    assertEquals(Set.of(), difference(documented.keySet(), code.keySet()),
        "/q/openapi operations the hub does not serve");

    for (Map.Entry<String, Routes.Route> e : code.entrySet()) {
      boolean guarded = !e.getValue().guard().equals("public");
      boolean secured = documented.get(e.getKey()).path("security").isArray()
          && documented.get(e.getKey()).path("security").size() > 0;
      assertEquals(guarded, secured, e.getKey() + " is " + e.getValue().guard()
          + " in the code; the document says " + documented.get(e.getKey()).path("security"));
    }
  }

  @Test
  void docsApiTable_namesExactlyTheDocumentsRoutes() throws Exception {
    Set<String> table = ApiTable.routes(Files.readString(API_DOC));
    Set<String> documented = operations(document()).keySet();
    // Both directions in one message, so that one run names every fix the table needs.
    assertEquals("undocumented: [] / documented but not served: []",
        "undocumented: " + difference(documented, table) + " / documented but not served: "
            + difference(table, documented),
        "routes of /q/openapi against the REST table of " + API_DOC);
  }

  static Set<String> difference(Set<String> a, Set<String> b) {
    return a.stream().filter(k -> !b.contains(k)).collect(Collectors.toCollection(TreeSet::new));
  }

  private Map<String, JsonNode> operations(JsonNode doc) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!op.getKey().equals("parameters") && !op.getKey().startsWith("x-")) {
          out.put(ApiTable.key(op.getKey(), path.getKey()), op.getValue());
        }
      }
    }
    return out;
  }

  private JsonNode document() throws Exception {
    RawRequest.Answer a = send("/q/openapi?format=json",
        "Authorization: Bearer " + AuthTesting.bootstrapToken());
    assertEquals(200, a.status(), a.body());
    return new ObjectMapper().readTree(a.body());
  }

  private RawRequest.Answer send(String target, String... headers) throws Exception {
    return RawRequest.send(base.getHost(), base.getPort(), "GET", target, headers);
  }
}
