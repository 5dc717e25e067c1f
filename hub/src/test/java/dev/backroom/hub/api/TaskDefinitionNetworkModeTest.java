package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.hub.store.TaskDefinitionStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A definition registered without networkMode is stored and returned with bridge, ECS's default
 * for EXTERNAL instances; a revision keeps the spec hash it was stored with.
 */
@QuarkusTest
class TaskDefinitionNetworkModeTest {
  @Inject TaskDefinitionStore store;
  @Inject Jdbc jdbc;

  @Test
  void noNetworkMode_isRegisteredAndDescribedAsBridge() {
    String td = """
        {"family":"nm-default","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":32}]}""";
    int revision = given().contentType("application/json").body(td)
        .post("/api/v1/task-definitions").then().statusCode(201)
        .body("networkMode", equalTo("bridge")).extract().path("revision");
    given().get("/api/v1/task-definitions/nm-default:" + revision).then().statusCode(200)
        .body("networkMode", equalTo("bridge"));
    given().get("/api/v1/task-definitions?family=nm-default").then().statusCode(200)
        .body("networkMode", hasItem("bridge"));
  }

  @ParameterizedTest
  @CsvSource({"host", "none", "bridge"})
  void explicitNetworkMode_isKept(String mode) {
    given().contentType("application/json").body("""
        {"family":"nm-%s","networkMode":"%s","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":32}]}"""
        .formatted(mode, mode))
        .post("/api/v1/task-definitions").then().statusCode(201)
        .body("networkMode", equalTo(mode));
    given().get("/api/v1/task-definitions/nm-" + mode).then().statusCode(200)
        .body("networkMode", equalTo(mode));
  }

  @Test
  void specHash_ofANewRevision_isItsContentHash() {
    TaskDefinition stored = store.register(Json.read("""
        {"family":"nm-hash","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":32}]}""",
        TaskDefinition.class));
    assertEquals(SpecHash.of(stored), store.specHash(stored));
  }

  /** Verifies that a revision migrated by V11 keeps the hash its running tasks carry. */
  @Test
  void specHash_ofAMigratedRevision_isTheStoredOne() {
    TaskDefinition legacy = Json.read("""
        {"family":"nm-legacy","revision":1,"networkMode":"host","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":32}]}""",
        TaskDefinition.class);
    jdbc.update("insert into task_definitions (family, revision, spec, registered_at, origin,"
        + " spec_hash) values (?, ?, ?, ?, ?, ?)", "nm-legacy", 1, Json.write(legacy),
        Instant.now(), "local", "0123456789abcdef");
    TaskDefinition found = store.find("nm-legacy", 1).orElseThrow();
    assertEquals("host", found.networkMode());
    assertNotEquals("0123456789abcdef", SpecHash.of(found));
    assertEquals("0123456789abcdef", store.specHash(found));
  }
}
