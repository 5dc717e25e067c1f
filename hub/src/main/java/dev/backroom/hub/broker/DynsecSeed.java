package dev.backroom.hub.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.hub.broker.dynsec.DynsecBootstrap;
import dev.backroom.hub.broker.dynsec.DynsecRoles;
import java.util.Base64;
import java.util.List;

/**
 * Brings the dynamic-security plugin's JSON state to what the hub needs before Mosquitto starts:
 * default deny for everything; the admin and hub roles exactly as {@link DynsecRoles} says; the
 * admin and hub clients with this start's fresh passwords, each bound to its one client id
 * ({@code backroom-hub-dynsec}, {@code backroom-hub}) so that no other account can take over
 * their sessions; no workload clients or role (an earlier hub's are deleted: workloads speak to
 * the hub's telemetry listener only); and, only with anonymous access on, an anonymous group
 * with full access but to {@code $CONTROL} and {@code $SYS}. Device clients, which the hub adds
 * as devices enrol, are kept as they are, so devices survive restarts; their roles are rewritten
 * from {@link DynsecRoles}, so a change of the topic contract reaches devices enrolled before it.
 * Pure apart from the salts, which come from {@code random}.
 */
public final class DynsecSeed {
  /** The role and group anonymous clients get with {@code allow-anonymous}; none otherwise. */
  public static final String ANONYMOUS = "backroom-anonymous";
  public static final String ADMIN_USERNAME = "backroom-dynsec-admin";
  static final int ITERATIONS = 10_000;
  private static final List<String> DEFAULT_ACCESS =
      List.of("publishClientSend", "publishClientReceive", "subscribe", "unsubscribe");

  private DynsecSeed() {}

  /**
   * @param existing the plugin's current state, or null for a first start
   * @param random the salts' source
   */
  public static ObjectNode apply(JsonNode existing, char[] adminPassword, String hubUsername,
      char[] hubPassword, boolean anonymous, java.util.Random random) {
    ObjectNode root = existing instanceof ObjectNode o ? o.deepCopy()
        : Json.mapper().createObjectNode();
    ObjectNode access = root.putObject("defaultACLAccess");
    DEFAULT_ACCESS.forEach(a -> access.put(a, false));

    ArrayNode roles = array(root, "roles");
    putRole(roles, DynsecRoles.ADMIN, DynsecRoles.admin());
    putRole(roles, DynsecRoles.HUB, DynsecRoles.hub());
    remove(roles, "rolename", DynsecRoles.LEGACY_WORKLOAD_ROLE);
    regenerateDeviceRoles(roles);
    ArrayNode groups = array(root, "groups");
    remove(roles, "rolename", ANONYMOUS);
    remove(groups, "groupname", ANONYMOUS);
    root.remove("anonymousGroup");
    if (anonymous) {
      putAnonymousRole(roles);
      ObjectNode g = groups.addObject().put("groupname", ANONYMOUS);
      g.putArray("roles").addObject().put("rolename", ANONYMOUS);
      g.putArray("clients");
      root.put("anonymousGroup", ANONYMOUS);
    }

    ArrayNode clients = array(root, "clients");
    for (int i = clients.size() - 1; i >= 0; i--) {
      if (clients.get(i).path("textname").asText("").startsWith(DynsecRoles.WORKLOAD_TAG)) {
        clients.remove(i);
      }
    }
    putClient(clients, ADMIN_USERNAME, "backroom hub (dynamic-security admin)", DynsecRoles.ADMIN,
        DynsecRoles.ADMIN_CLIENT_ID, adminPassword, random);
    putClient(clients, hubUsername, "hub", DynsecRoles.HUB, DynsecRoles.HUB_CLIENT_ID,
        hubPassword, random);
    return root;
  }

  /**
   * Everything but {@code $} topics. Publishing and receiving already keep {@code #} off them,
   * but Mosquitto 2.0 grants a subscription to {@code $CONTROL/...} under a {@code #} pattern,
   * so {@code $CONTROL} and {@code $SYS} are denied first (higher priority) for every access.
   */
  private static void putAnonymousRole(ArrayNode roles) {
    remove(roles, "rolename", ANONYMOUS);
    ArrayNode a = roles.addObject().put("rolename", ANONYMOUS).putArray("acls");
    for (String type : List.of(DynsecRoles.PUBLISH_SEND, DynsecRoles.PUBLISH_RECEIVE,
        DynsecRoles.SUBSCRIBE_PATTERN, DynsecRoles.UNSUBSCRIBE_PATTERN)) {
      for (String shut : SHUT_TO_ANONYMOUS) {
        a.addObject().put("acltype", type).put("topic", shut).put("priority", 10)
            .put("allow", false);
      }
      a.addObject().put("acltype", type).put("topic", "#").put("priority", 0).put("allow", true);
    }
  }

  /** The broker's own topics, which no anonymous client may touch. */
  static final List<String> SHUT_TO_ANONYMOUS = List.of("$CONTROL/#", "$SYS/#");

  /**
   * Every enrolled device's role, rewritten from {@link DynsecRoles#device}: a change of
   * {@code TopicPolicy} reaches devices enrolled before it at the next start. A role that only
   * looks like a device's (its id is not a valid device id) is not the hub's and is left alone.
   */
  private static void regenerateDeviceRoles(ArrayNode roles) {
    List<String> names = new java.util.ArrayList<>();
    roles.forEach(r -> names.add(r.path("rolename").asText("")));
    for (String name : names) {
      if (!name.startsWith(DynsecRoles.DEVICE_PREFIX)) {
        continue;
      }
      String id = name.substring(DynsecRoles.DEVICE_PREFIX.length());
      if (dev.backroom.mqtt.Topics.isValidDeviceId(id)) {
        putRole(roles, name, DynsecRoles.device(id));
      }
    }
  }

  private static void putRole(ArrayNode roles, String name, List<DynsecRoles.Acl> acls) {
    remove(roles, "rolename", name);
    ArrayNode a = roles.addObject().put("rolename", name).putArray("acls");
    for (DynsecRoles.Acl acl : acls) {
      a.addObject().put("acltype", acl.type()).put("topic", acl.topic()).put("priority", 0)
          .put("allow", true);
    }
  }

  private static void putClient(ArrayNode clients, String username, String textname, String role,
      String clientId, char[] password, java.util.Random random) {
    remove(clients, "username", username);
    byte[] salt = new byte[12];
    random.nextBytes(salt);
    ObjectNode c = clients.addObject().put("username", username).put("textname", textname)
        .put("clientid", clientId);
    c.putArray("roles").addObject().put("rolename", role);
    c.put("password", Base64.getEncoder().encodeToString(
            DynsecBootstrap.hash(password, salt, ITERATIONS)))
        .put("salt", Base64.getEncoder().encodeToString(salt))
        .put("iterations", ITERATIONS);
  }

  private static ArrayNode array(ObjectNode root, String field) {
    return root.get(field) instanceof ArrayNode a ? a : root.putArray(field);
  }

  private static void remove(ArrayNode items, String key, String value) {
    for (int i = items.size() - 1; i >= 0; i--) {
      if (value.equals(items.get(i).path(key).asText(null))) {
        items.remove(i);
      }
    }
  }
}
