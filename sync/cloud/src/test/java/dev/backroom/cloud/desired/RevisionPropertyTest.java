package dev.backroom.cloud.desired;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.putTaskDefinition;
import static dev.backroom.cloud.support.Cloud.taskDefinition;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style: random puts, deletes and label changes from a seeded Random. After every step,
 * for every store: the revision moved by one exactly when its effective state changed, and a
 * simulated hub that applies each incremental answer holds the effective state.
 */
@QuarkusTest
class RevisionPropertyTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 11, 2026})
  void revisionsMoveExactlyWithEffectiveState_andIncrementsRebuildIt(long seed) {
    Random random = new Random(seed);
    String tag = uniqueId("p");
    String[] regions = {tag + "-eu", tag + "-us"};
    String[] stores = new String[3];
    Map<String, String> creds = new HashMap<>();
    for (int i = 0; i < stores.length; i++) {
      stores[i] = uniqueId("prop");
      creds.put(stores[i], enrolledStore(stores[i], Map.of("region", regions[i % 2])));
    }
    String[] families = {tag + "-a", tag + "-b"};
    Map<String, Long> revision = new HashMap<>();
    Map<String, Map<String, String>> effective = new HashMap<>();
    Map<String, Map<String, String>> hub = new HashMap<>();
    Map<String, Long> hubRevision = new HashMap<>();
    for (String s : stores) {
      revision.put(s, 0L);
      effective.put(s, Map.of());
      hub.put(s, new TreeMap<>());
      hubRevision.put(s, 0L);
    }
    for (int step = 0; step < 15; step++) {
      String family = families[random.nextInt(families.length)];
      String selector = switch (random.nextInt(4)) {
        case 0 -> "region=" + regions[0];
        case 1 -> "region=" + regions[1];
        case 2 -> "store.id=" + stores[random.nextInt(stores.length)];
        default -> "region in (" + regions[0] + "|" + regions[1] + ")";
      };
      int op = random.nextInt(10);
      if (op < 6) {
        putTaskDefinition(family, selector, taskDefinition(family, "img:" + random.nextInt(3)))
            .then().statusCode(200);
      } else if (op < 8) {
        int status = admin().delete("/api/v1/desired/task-definitions/" + family + "?selector="
            + selector).then().extract().statusCode();
        assertEquals(true, status == 200 || status == 404, "delete answered " + status);
      } else {
        String s = stores[random.nextInt(stores.length)];
        admin().body(Map.of("labels", Map.of("region", regions[random.nextInt(2)])))
            .put("/api/v1/stores/" + s + "/labels").then().statusCode(200);
      }
      for (String s : stores) {
        JsonPath now = admin().get("/api/v1/stores/" + s + "/desired").then().statusCode(200)
            .extract().jsonPath();
        Map<String, String> state = new TreeMap<>();
        List<Map<String, Object>> objects = now.getList("objects");
        objects.forEach(o -> state.put((String) o.get("name"),
            (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) o.get("spec"))
                .get("containerDefinitions")).get(0)).get("image")));
        long expected = revision.get(s) + (state.equals(effective.get(s)) ? 0 : 1);
        assertEquals(expected, now.getLong("revision"), "seed " + seed + " step " + step + " " + s);
        revision.put(s, expected);
        effective.put(s, state);
        applyAnswer(s, creds.get(s), hub, hubRevision);
        assertEquals(state, hub.get(s), "hub copy, seed " + seed + " step " + step + " " + s);
      }
    }
  }

  /** What a hub does with one answer: a full snapshot replaces, an increment upserts/deletes. */
  private static void applyAnswer(String store, String cred, Map<String, Map<String, String>> hub,
      Map<String, Long> hubRevision) {
    JsonPath a = as(cred).get("/sync/v1/desired?since=" + hubRevision.get(store)).then()
        .statusCode(200).extract().jsonPath();
    Map<String, String> held = hub.get(store);
    if (a.getBoolean("full")) {
      held.clear();
    }
    List<Map<String, Object>> changes = a.getList("changes");
    for (Map<String, Object> c : changes) {
      String name = (String) c.get("name");
      if ("DELETE".equals(c.get("op"))) {
        held.remove(name);
      } else {
        held.put(name, (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) c.get("spec"))
            .get("containerDefinitions")).get(0)).get("image"));
      }
    }
    hubRevision.put(store, a.getLong("revision"));
  }
}
