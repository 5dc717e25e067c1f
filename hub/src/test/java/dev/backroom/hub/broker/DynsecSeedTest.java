package dev.backroom.hub.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.hub.broker.dynsec.DynsecBootstrap;
import dev.backroom.hub.broker.dynsec.DynsecRoles;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dynamic-security state the hub's Mosquitto starts from. */
class DynsecSeedTest {
  private static ObjectNode seed(JsonNode existing, boolean anonymous) {
    return DynsecSeed.apply(existing, "admin-pw".toCharArray(), "hub", "hub-pw".toCharArray(),
        anonymous, new Random(7));
  }

  private static JsonNode find(JsonNode array, String key, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.path(key).asText())) {
        return n;
      }
    }
    return null;
  }

  @Test
  void firstStart_deniesEverything_andHoldsOnlyTheAdminAndTheHub() {
    ObjectNode s = seed(null, false);
    s.path("defaultACLAccess").fields().forEachRemaining(e -> assertFalse(e.getValue().asBoolean(),
        e.getKey()));
    assertEquals(4, s.path("defaultACLAccess").size());
    List<String> users = new ArrayList<>();
    s.path("clients").forEach(c -> users.add(c.path("username").asText()));
    assertEquals(List.of(DynsecSeed.ADMIN_USERNAME, "hub"), users);
    assertFalse(s.has("anonymousGroup"));
    assertEquals(DynsecRoles.ADMIN,
        find(s.path("clients"), "username", DynsecSeed.ADMIN_USERNAME).path("roles").get(0)
            .path("rolename").asText());
    assertEquals(DynsecRoles.hub().size(),
        find(s.path("roles"), "rolename", DynsecRoles.HUB).path("acls").size());
  }

  /** Mosquitto lets an account take over any client id not bound to another account. */
  @Test
  void adminAndHub_areBoundToTheirClientIds() {
    ObjectNode s = seed(null, false);
    assertEquals(DynsecRoles.ADMIN_CLIENT_ID, find(s.path("clients"), "username",
        DynsecSeed.ADMIN_USERNAME).path("clientid").asText());
    assertEquals(DynsecRoles.HUB_CLIENT_ID,
        find(s.path("clients"), "username", "hub").path("clientid").asText());
  }

  /** Workloads speak to the hub's telemetry listener only: an earlier hub's accounts go. */
  @Test
  void restart_deletesWorkloadClients_andTheirRole() {
    ObjectNode before = seed(null, false);
    ((com.fasterxml.jackson.databind.node.ArrayNode) before.get("clients")).addObject()
        .put("username", "workload:d1").put("textname", "workload:d1").put("password", "x")
        .put("salt", "y").put("iterations", 101).putArray("roles").addObject()
        .put("rolename", DynsecRoles.LEGACY_WORKLOAD_ROLE);
    ((com.fasterxml.jackson.databind.node.ArrayNode) before.get("roles")).addObject()
        .put("rolename", DynsecRoles.LEGACY_WORKLOAD_ROLE).putArray("acls");
    ObjectNode after = seed(before, false);
    assertEquals(null, find(after.path("clients"), "username", "workload:d1"));
    assertEquals(null, find(after.path("roles"), "rolename", DynsecRoles.LEGACY_WORKLOAD_ROLE));
    after.path("clients").forEach(c -> assertFalse(c.path("textname").asText()
        .startsWith("workload:"), c.toString()));
  }

  /** A TopicPolicy change reaches devices enrolled before it: their roles are rewritten. */
  @Test
  void restart_rewritesEnrolledDevicesRoles_fromDynsecRoles() {
    ObjectNode before = seed(null, false);
    com.fasterxml.jackson.databind.node.ArrayNode stale =
        ((com.fasterxml.jackson.databind.node.ArrayNode) before.get("roles")).addObject()
            .put("rolename", DynsecRoles.deviceRole("d1")).putArray("acls");
    stale.addObject().put("acltype", "publishClientSend").put("topic", "#").put("allow", true);
    stale.addObject().put("acltype", "subscribeLiteral").put("topic", "old/topic")
        .put("allow", true);
    ((com.fasterxml.jackson.databind.node.ArrayNode) before.get("roles")).addObject()
        .put("rolename", "backroom-device-not/valid").putArray("acls");
    ObjectNode after = seed(before, false);
    List<DynsecRoles.Acl> acls = new ArrayList<>();
    find(after.path("roles"), "rolename", DynsecRoles.deviceRole("d1")).path("acls").forEach(a -> {
      assertTrue(a.path("allow").asBoolean(), a.toString());
      acls.add(new DynsecRoles.Acl(a.path("acltype").asText(), a.path("topic").asText()));
    });
    assertEquals(DynsecRoles.device("d1"), acls);
    assertEquals(0, find(after.path("roles"), "rolename", "backroom-device-not/valid")
        .path("acls").size(), "a role that is not the hub's is left alone");
  }

  @Test
  void passwords_areThePluginsPbkdf2OfTheGivenSecret() {
    JsonNode hub = find(seed(null, false).path("clients"), "username", "hub");
    byte[] salt = Base64.getDecoder().decode(hub.path("salt").asText());
    assertArrayEquals(DynsecBootstrap.hash("hub-pw".toCharArray(), salt,
        hub.path("iterations").asInt()), Base64.getDecoder().decode(hub.path("password").asText()));
  }

  /** Verifies that devices survive a restart, while the hub's own entries are put right. */
  @Test
  void restart_keepsDeviceAccounts_andRewritesTheHubsOwn() {
    ObjectNode before = seed(null, false);
    ((com.fasterxml.jackson.databind.node.ArrayNode) before.get("clients")).addObject().put("username", "device:d1").put("textname", "device:d1")
        .put("clientid", "agent-d1").put("password", "x").put("salt", "y").put("iterations", 101);
    ((com.fasterxml.jackson.databind.node.ArrayNode) before.get("roles")).addObject().put("rolename", "backroom-device-d1").putArray("acls");
    // Someone widened the hub's role and the default access by hand: both are put back.
    ((com.fasterxml.jackson.databind.node.ArrayNode) find(before.path("roles"), "rolename",
        DynsecRoles.HUB).get("acls")).addObject()
        .put("acltype", "publishClientSend").put("topic", "#").put("allow", true);
    ((ObjectNode) before.path("defaultACLAccess")).put("subscribe", true);
    String oldHubHash = find(before.path("clients"), "username", "hub").path("password").asText();

    ObjectNode after = DynsecSeed.apply(before, "admin-2".toCharArray(), "hub",
        "hub-2".toCharArray(), false, new Random(8));
    assertTrue(find(after.path("clients"), "username", "device:d1") != null);
    assertTrue(find(after.path("roles"), "rolename", "backroom-device-d1") != null);
    assertEquals(DynsecRoles.hub().size(),
        find(after.path("roles"), "rolename", DynsecRoles.HUB).path("acls").size());
    assertFalse(after.path("defaultACLAccess").path("subscribe").asBoolean());
    assertNotEquals(oldHubHash,
        find(after.path("clients"), "username", "hub").path("password").asText());
    assertEquals(1, after.path("clients").findValues("username").stream()
        .filter(u -> u.asText().equals("hub")).count());
  }

  @Test
  void anonymous_getsAGroupWithFullAccessOutsideDollarTopics_andLosesItWhenTurnedOff() {
    ObjectNode on = seed(null, true);
    assertEquals(DynsecSeed.ANONYMOUS, on.path("anonymousGroup").asText());
    JsonNode role = find(on.path("roles"), "rolename", DynsecSeed.ANONYMOUS);
    // Per access type: $CONTROL and $SYS denied at a higher priority, then everything allowed.
    assertEquals(12, role.path("acls").size());
    for (JsonNode acl : role.path("acls")) {
      boolean dollar = acl.path("topic").asText().startsWith("$");
      assertEquals(!dollar, acl.path("allow").asBoolean(), acl.toString());
      assertEquals(dollar ? 10 : 0, acl.path("priority").asInt(), acl.toString());
    }

    ObjectNode off = seed(on, false);
    assertFalse(off.has("anonymousGroup"));
    assertEquals(null, find(off.path("roles"), "rolename", DynsecSeed.ANONYMOUS));
    assertEquals(null, find(off.path("groups"), "groupname", DynsecSeed.ANONYMOUS));
  }

  @Test
  void sameInputAndSeed_sameState() {
    assertEquals(Json.mapper().valueToTree(seed(null, true)), seed(null, true));
  }
}
