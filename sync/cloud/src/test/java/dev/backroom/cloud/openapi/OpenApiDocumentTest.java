package dev.backroom.cloud.openapi;

import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.ecs.EcsEndpoint;
import dev.backroom.cloud.support.Cloud;
import dev.backroom.httpguard.RawRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the OpenAPI document at /q/openapi in step with the code and with docs/sync-protocol.md:
 * every JAX-RS route of the cloud and the ECS endpoint's one route are in the document and the
 * document has no other, each naming the credential the route really takes, and the tables of
 * docs/sync-protocol.md name exactly the same routes. A new endpoint without docs, or docs of a
 * removed one, fails here with the routes named. The document needs the admin token like the
 * operator API, and the extension's own open route and Swagger UI are not served.
 */
@QuarkusTest
class OpenApiDocumentTest {
  static final Path DOC = Path.of("..", "..", "docs", "sync-protocol.md");
  static final String ADMIN = "Authorization: Bearer " + Cloud.ADMIN;
  /** The ECS endpoint, a Vert.x route: in the document by META-INF/openapi.yaml, not the scan. */
  static final String ECS = CloudRoutes.Route.key("POST", "/ecs");

  @TestHTTPResource("/") URL base;

  @Test
  void anonymous_aWrongToken_andAStoreCredential_get401WithTheCloudsErrorBody() throws Exception {
    String store = "Authorization: Bearer " + enrolledStore(uniqueId("oas"), Map.of());
    for (String[] headers : List.of(new String[0], new String[] {"Authorization: Bearer nope"},
        new String[] {store})) {
      for (String target : new String[] {"/q/openapi", "/q/openapi?format=json"}) {
        RawRequest.Answer a = send(target, headers);
        assertEquals(401, a.status(), target + " " + List.of(headers) + ": " + a.body());
        JsonNode body = new ObjectMapper().readTree(a.body());
        assertEquals("unauthorized", body.path("error").asText(), a.body());
        assertFalse(body.path("message").asText().isEmpty(), a.body());
      }
    }
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
  void theOperator_getsYamlByDefault_jsonOnRequest_andABadFormatIs400() throws Exception {
    RawRequest.Answer yaml = send("/q/openapi", ADMIN);
    assertEquals(200, yaml.status(), yaml.body());
    assertTrue(yaml.headers().get("content-type").startsWith("application/yaml"));
    assertTrue(yaml.body().startsWith("---") || yaml.body().startsWith("openapi:"), yaml.body());
    assertTrue(yaml.body().contains("/api/v1/stores"));

    RawRequest.Answer json = send("/q/openapi", ADMIN, "Accept: application/json");
    assertEquals(200, json.status());
    assertTrue(json.headers().get("content-type").startsWith("application/json"));
    assertEquals("Backroom cloud API",
        new ObjectMapper().readTree(json.body()).path("info").path("title").asText());

    RawRequest.Answer bad = send("/q/openapi?format=xml", ADMIN);
    assertEquals(400, bad.status(), bad.body());
    JsonNode refusal = new ObjectMapper().readTree(bad.body());
    assertEquals("bad_request", refusal.path("error").asText(), bad.body());
    assertEquals("format", refusal.path("violations").path(0).path("path").asText(), bad.body());
  }

  @Test
  void theDocument_namesEveryRouteOfTheCode_andTheEcsRoute_andNoOther_withItsCredential()
      throws Exception {
    JsonNode doc = document();
    JsonNode schemes = doc.path("components").path("securitySchemes");
    assertEquals(Set.of(AuthSchemes.ADMIN, AuthSchemes.STORE, AuthSchemes.SIGV4),
        names(schemes), schemes.toString());
    assertEquals("bearer", schemes.path(AuthSchemes.ADMIN).path("scheme").asText());
    assertEquals("bearer", schemes.path(AuthSchemes.STORE).path("scheme").asText());

    Map<String, String> code = new TreeMap<>();
    CloudRoutes.all().forEach(r -> code.put(r.key(), r.guard()));
    code.put(ECS, AuthSchemes.SIGV4);
    Map<String, JsonNode> documented = operations(doc);
    assertEquals(Set.of(), difference(code.keySet(), documented.keySet()),
        "routes missing from /q/openapi");
    assertEquals(Set.of(), difference(documented.keySet(), code.keySet()),
        "/q/openapi operations the cloud does not serve");

    for (Map.Entry<String, String> e : code.entrySet()) {
      JsonNode security = documented.get(e.getKey()).path("security");
      Set<String> named = new TreeSet<>();
      security.forEach(requirement -> named.addAll(names(requirement)));
      Set<String> expected = e.getValue().equals(CloudRoutes.PUBLIC) ? Set.of()
          : Set.of(e.getValue());
      assertEquals(expected, named, e.getKey() + " takes " + e.getValue()
          + " in the code; the document says " + security);
    }
  }

  @Test
  void theEcsRoute_isServedWhereTheDocumentSays_andAnswersInEcsShape() throws Exception {
    // The document holds /ecs; the endpoint serves it and its trailing-slash twin, nothing else.
    assertEquals(Set.of("/ecs", "/ecs/"), EcsEndpoint.PATHS);
    JsonNode ecs = document().path("paths").path("/ecs").path("post");
    assertEquals("X-Amz-Target", ecs.path("parameters").path(0).path("name").asText(),
        ecs.toString());
    // Unsigned, it is refused as ECS refuses (not with the cloud's bearer 401).
    RawRequest.Answer a = request("POST", "/ecs", "Content-Length: 0",
        "X-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters");
    assertEquals(400, a.status(), a.body());
    assertEquals("MissingAuthenticationTokenException", a.headers().get("x-amzn-errortype"),
        a.headers() + " " + a.body());
    assertTrue(a.headers().get("content-type").startsWith("application/x-amz-json-1.1"));
  }

  @Test
  void docsTables_nameExactlyTheDocumentsRoutes() throws Exception {
    Set<String> written = RouteTables.routes(Files.readString(DOC));
    Set<String> documented = operations(document()).keySet();
    Set<String> undocumented = documented.stream()
        .filter(d -> written.stream().noneMatch(w -> RouteTables.covers(w, d)))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> notServed = written.stream()
        .filter(w -> documented.stream().noneMatch(d -> RouteTables.covers(w, d)))
        .collect(Collectors.toCollection(TreeSet::new));
    // Both directions in one message, so that one run names every fix the tables need.
    assertEquals("undocumented: [] / documented but not served: []",
        "undocumented: " + undocumented + " / documented but not served: " + notServed,
        "routes of /q/openapi against the tables of " + DOC);
  }

  static Set<String> difference(Set<String> a, Set<String> b) {
    return a.stream().filter(k -> !b.contains(k)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> names(JsonNode object) {
    Set<String> out = new TreeSet<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private Map<String, JsonNode> operations(JsonNode doc) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!op.getKey().equals("parameters") && !op.getKey().startsWith("x-")) {
          out.put(CloudRoutes.Route.key(op.getKey(), path.getKey()), op.getValue());
        }
      }
    }
    return out;
  }

  private JsonNode document() throws Exception {
    RawRequest.Answer a = send("/q/openapi?format=json", ADMIN);
    assertEquals(200, a.status(), a.body());
    return new ObjectMapper().readTree(a.body());
  }

  private RawRequest.Answer send(String target, String... headers) throws Exception {
    return request("GET", target, headers);
  }

  private RawRequest.Answer request(String method, String target, String... headers)
      throws Exception {
    return RawRequest.send(base.getHost(), base.getPort(), method, target, headers);
  }
}
