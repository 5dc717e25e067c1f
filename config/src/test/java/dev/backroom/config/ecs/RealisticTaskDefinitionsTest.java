package dev.backroom.config.ecs;

import static dev.backroom.config.validate.ViolationAssert.assertViolations;
import static dev.backroom.config.validate.ViolationAssert.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Task definitions as chains write them for ECS Anywhere (a Jetson GPU inference task, a
 * host-network collector, an nginx with port mappings, a multi-container task with dependencies
 * and Docker volumes) are accepted and kept field for field: what is read is what is stored,
 * returned and sent to the device, so nothing is dropped on the way.
 */
class RealisticTaskDefinitionsTest {

  static String load(String name) {
    try (InputStream in = RealisticTaskDefinitionsTest.class.getResourceAsStream(
        "/ecs/realistic/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("test resource /ecs/realistic/" + name + " missing", e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetson-inference.json", "telemetry-host.json", "nginx-bridge.json",
      "pos-stack-depends.json"})
  void accepted_andKeptFieldForField(String file) {
    String json = load(file);

    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(json);

    assertTrue(r.ok(), () -> file + ": " + r.violations());
    assertEquals(tree(json), tree(Json.write(r.value())), file + " written back as posted");
    TaskDefinition again = Json.read(Json.write(r.value()), TaskDefinition.class);
    assertEquals(r.value(), again, "the stored form reads back to the same definition");
  }

  @Test
  void secrets_areRefusedWithWhatToDoInstead() {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(load("secrets.json"));

    assertNull(r.value());
    assertViolations(r.violations(),
        at("containerDefinitions[0].secrets", "environmentFiles on the device"));
  }
}
