package dev.backroom.hub.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A cloud DEVICE_ATTRIBUTES object's spec: what a hub sets, and every reason it refuses one. */
class CloudAttributesSpecTest {
  private static CloudAttributesSpec.Result read(String name, String json) throws Exception {
    return CloudAttributesSpec.read(name, new ObjectMapper().readTree(json));
  }

  @Test
  void aSpec_readsIntoTheAttributesAndWhoPutThem() throws Exception {
    CloudAttributesSpec.Result r = read("nuc-1", "{\"attributes\":{\"rack\":\"r7\","
        + "\"gpu-ok\":null},\"updatedBy\":\"pipeline:K\",\"updatedAt\":\"2026-12-07T05:00:00Z\"}");
    assertTrue(r.problem().isEmpty(), r.problem().toString());
    Map<String, String> expected = new HashMap<>();
    expected.put("rack", "r7");
    expected.put("gpu-ok", null);
    assertEquals(expected, r.value().attributes());
    assertEquals("pipeline:K", r.value().updatedBy());
    assertEquals("nuc-1", r.value().deviceId());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown member      | d | {'attributes':{},'colour':1}            | colour: unknown member",
      "no attributes       | d | {'updatedBy':'x'}                        | attributes: expected an object",
      "reserved ecs.       | d | {'attributes':{'ecs.os-type':'linux'}}  | attributes.ecs.os-type: ecs.os-type is in the ecs. namespace",
      "reserved backroom.  | d | {'attributes':{'Backroom.x':'1'}}       | backroom. namespace",
      "bad name            | d | {'attributes':{'a b':'1'}}               | attributes.a b: 1 to 128",
      "value padded        | d | {'attributes':{'a':' x'}}                | attributes.a: 1 to 128",
      "value not a string  | d | {'attributes':{'a':1}}                   | attributes.a: expected a string or null",
      "updatedBy a number  | d | {'attributes':{},'updatedBy':2}          | updatedBy: expected a string",
      "name with a space   | a b | {'attributes':{}}                      | name: a device id",
  })
  void refusals_nameWhatAndWhere(String what, String name, String json, String says)
      throws Exception {
    CloudAttributesSpec.Result r = read(name, json.replace('\'', '"'));
    assertTrue(r.problem().isPresent(), what);
    assertTrue(r.problem().get().contains(says), what + ": " + r.problem().get());
  }

  @Test
  void elevenAttributes_areOverTheLimit() throws Exception {
    StringBuilder json = new StringBuilder("{\"attributes\":{");
    for (int i = 0; i < 11; i++) {
      json.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":\"v\"");
    }
    CloudAttributesSpec.Result r = read("d", json + "}}");
    assertTrue(r.problem().orElse("").contains("at most 10"), r.problem().toString());
  }
}
