package dev.backroom.hub.broker.dynsec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.hub.broker.dynsec.DynsecRoles.Acl;
import dev.backroom.mqtt.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps an external Mosquitto's dynamic-security plugin at the topic contract: the roles of
 * {@link DynsecRoles}, default access denied for everything, and one client per enrolled device
 * (workloads have none: they speak to the hub's telemetry listener only). Every operation
 * reads first and only sends what differs, so running {@link #ensureBase} at every hub start
 * sends one command once done, the hub's password ({@link #changes()} counts what was sent). Mosquitto never shows a stored password, and setting one drops the user's
 * sessions, so an existing unbound client's password is first tried with a {@link PasswordProbe}.
 * Every client the hub makes is bound to one client id (a device's to its agent's, the hub's to
 * {@link DynsecRoles#HUB_CLIENT_ID}): Mosquitto lets any account connect with any client id not
 * bound to another and kicks the session holding it, so an unbound account could take over any
 * session. Ensuring a bound client again always sets its password (a probe would take over the
 * very session). Clients are tagged by their text name ({@code device:ID}), so a device is
 * revoked by id whatever its username is.
 */
public final class MosquittoDynamicSecurity implements BrokerAccounts {
  private static final String NOT_FOUND = "not found";
  private static final List<String> DEFAULT_ACCESS =
      List.of("publishClientSend", "publishClientReceive", "subscribe", "unsubscribe");

  private final DynsecConnection conn;
  private final PasswordProbe probe;
  private final AtomicLong changes = new AtomicLong();

  public MosquittoDynamicSecurity(DynsecConnection conn, PasswordProbe probe) {
    this.conn = conn;
    this.probe = probe;
  }

  /**
   * Deny by default, the shared roles, the hub's own client bound to
   * {@link DynsecRoles#HUB_CLIENT_ID} ({@code hubUsername} may be null), no workload clients
   * (those an earlier hub made, tagged {@code workload:}, are deleted with their role), and every
   * existing device role at {@link DynsecRoles#device}.
   */
  public void ensureBase(String hubUsername, char[] hubPassword) {
    ensureDefaultDeny();
    ensureRole(DynsecRoles.HUB, DynsecRoles.hub());
    for (String username : usernamesTagged(t -> t.startsWith(DynsecRoles.WORKLOAD_TAG))) {
      deleteClient(username);
    }
    if (role(DynsecRoles.LEGACY_WORKLOAD_ROLE) != null) {
      send(conn.command("deleteRole").put("rolename", DynsecRoles.LEGACY_WORKLOAD_ROLE));
    }
    if (hubUsername != null) {
      ensureClient(hubUsername, hubPassword, "hub", DynsecRoles.HUB, DynsecRoles.HUB_CLIENT_ID);
    }
    // A change of the topic contract reaches devices enrolled before it.
    for (String role : roleNames()) {
      String id = role.substring(Math.min(role.length(), DynsecRoles.DEVICE_PREFIX.length()));
      if (role.startsWith(DynsecRoles.DEVICE_PREFIX) && Topics.isValidDeviceId(id)) {
        ensureRole(role, DynsecRoles.device(id));
      }
    }
  }

  private List<String> roleNames() {
    ObjectNode c = conn.command("listRoles").put("verbose", false).put("count", -1).put("offset", 0);
    List<String> names = new ArrayList<>();
    for (JsonNode r : conn.call(c).path("roles")) {
      names.add(r.isTextual() ? r.asText() : r.path("rolename").asText());
    }
    return names;
  }

  @Override
  public void ensureDevice(String deviceId, String username, char[] password) {
    String role = DynsecRoles.deviceRole(deviceId);
    ensureRole(role, DynsecRoles.device(deviceId));
    ensureClient(username, password, "device:" + deviceId, role, DynsecRoles.agentClientId(deviceId));
  }

  @Override
  public void revokeDevice(String deviceId) {
    String role = DynsecRoles.deviceRole(deviceId);
    // Deleting a client drops its connection at once (Mosquitto kicks it); the role goes last.
    Set<String> tags = Set.of("device:" + deviceId, DynsecRoles.WORKLOAD_TAG + deviceId);
    for (String username : usernamesTagged(tags::contains)) {
      deleteClient(username);
    }
    if (role(role) != null) {
      send(conn.command("deleteRole").put("rolename", role));
    }
  }

  /** Refuses the client's next connect and drops its current connection; its account stays. */
  public void disableClient(String username) {
    send(conn.command("disableClient").put("username", username));
  }

  public void enableClient(String username) {
    send(conn.command("enableClient").put("username", username));
  }

  /** Deletes the client and drops its connection; a missing client is an error. */
  public void deleteClient(String username) {
    send(conn.command("deleteClient").put("username", username));
  }

  /** The user names of every client the plugin holds (one read). */
  public Set<String> usernames() {
    ObjectNode c = conn.command("listClients").put("verbose", false).put("count", -1)
        .put("offset", 0);
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode client : conn.call(c).path("clients")) {
      names.add(client.isTextual() ? client.asText() : client.path("username").asText());
    }
    return names;
  }

  /** How many modifying commands this manager has sent (reads and probes are not counted). */
  public long changes() {
    return changes.get();
  }

  /** The role's ACLs as Mosquitto holds them, or null when there is no such role. */
  public Set<Acl> roleAcls(String rolename) {
    JsonNode role = role(rolename);
    if (role == null) {
      return null;
    }
    Set<Acl> acls = new LinkedHashSet<>();
    for (JsonNode a : role.path("acls")) {
      if (a.path("allow").asBoolean(false)) {
        acls.add(new Acl(a.path("acltype").asText(), a.path("topic").asText()));
      }
    }
    return acls;
  }

  void ensureDefaultDeny() {
    JsonNode current = conn.call(conn.command("getDefaultACLAccess")).path("acls");
    ArrayNode wrong = conn.command("x").arrayNode();
    for (String type : DEFAULT_ACCESS) {
      boolean allowed = true;
      for (JsonNode a : current) {
        if (type.equals(a.path("acltype").asText())) {
          allowed = a.path("allow").asBoolean(true);
        }
      }
      if (allowed) {
        wrong.addObject().put("acltype", type).put("allow", false);
      }
    }
    if (!wrong.isEmpty()) {
      ObjectNode c = conn.command("setDefaultACLAccess");
      c.set("acls", wrong);
      send(c);
    }
  }

  void ensureRole(String rolename, List<Acl> wanted) {
    Set<Acl> have = roleAcls(rolename);
    if (have == null) {
      ObjectNode c = conn.command("createRole").put("rolename", rolename);
      ArrayNode acls = c.putArray("acls");
      wanted.forEach(a -> acls.addObject().put("acltype", a.type()).put("topic", a.topic())
          .put("allow", true));
      send(c);
      return;
    }
    for (Acl a : wanted) {
      if (!have.contains(a)) {
        send(conn.command("addRoleACL").put("rolename", rolename).put("acltype", a.type())
            .put("topic", a.topic()).put("allow", true));
      }
    }
    // Anything else on a role we own, denies included, is not the contract's and goes.
    JsonNode role = role(rolename);
    for (JsonNode a : role.path("acls")) {
      Acl acl = new Acl(a.path("acltype").asText(), a.path("topic").asText());
      if (!a.path("allow").asBoolean(false) || !wanted.contains(acl)) {
        send(conn.command("removeRoleACL").put("rolename", rolename).put("acltype", acl.type())
            .put("topic", acl.topic()));
      }
    }
  }

  /** {@code clientid} null: any client id; else the only one this username may connect with. */
  void ensureClient(String username, char[] password, String textname, String rolename,
      String clientid) {
    JsonNode client = lookup(conn.command("getClient").put("username", username), "client");
    if (client == null) {
      ObjectNode c = conn.command("createClient").put("username", username)
          .put("password", new String(password)).put("textname", textname);
      if (clientid != null) {
        c.put("clientid", clientid);
      }
      c.putArray("roles").addObject().put("rolename", rolename);
      send(c);
      return;
    }
    boolean disabled = client.path("disabled").asBoolean(false);
    // A probe of a client bound to its client id would take over that very session, so such a
    // client's password is always set again.
    if (disabled || clientid != null || !probe.accepts(username, password)) {
      // Drops the user's sessions: right for a device given a new credential.
      send(conn.command("setClientPassword").put("username", username)
          .put("password", new String(password)));
    }
    if (!textname.equals(client.path("textname").asText())
        || !Objects.equals(clientid, client.path("clientid").asText(null))) {
      ObjectNode c = conn.command("modifyClient").put("username", username).put("textname", textname);
      c.put("clientid", clientid == null ? "" : clientid);
      send(c);
    }
    for (JsonNode r : client.path("roles")) {
      String have = r.path("rolename").asText();
      if (!have.equals(rolename)) {
        send(conn.command("removeClientRole").put("username", username).put("rolename", have));
      }
    }
    if (!hasRole(client, rolename)) {
      send(conn.command("addClientRole").put("username", username).put("rolename", rolename));
    }
    if (disabled) {
      enableClient(username);
    }
  }

  private List<String> usernamesTagged(java.util.function.Predicate<String> textname) {
    ObjectNode c = conn.command("listClients").put("verbose", true).put("count", -1).put("offset", 0);
    List<String> names = new ArrayList<>();
    for (JsonNode client : conn.call(c).path("clients")) {
      if (textname.test(client.path("textname").asText())) {
        names.add(client.path("username").asText());
      }
    }
    return names;
  }

  private JsonNode role(String rolename) {
    return lookup(conn.command("getRole").put("rolename", rolename), "role");
  }

  /** A get command's object, or null when Mosquitto says it is not found. */
  private JsonNode lookup(ObjectNode command, String field) {
    try {
      return conn.call(command).path(field);
    } catch (DynsecException e) {
      if (e.getMessage().toLowerCase().contains(NOT_FOUND)) {
        return null;
      }
      throw e;
    }
  }

  private static boolean hasRole(JsonNode client, String rolename) {
    for (JsonNode r : client.path("roles")) {
      if (rolename.equals(r.path("rolename").asText())) {
        return true;
      }
    }
    return false;
  }

  private void send(ObjectNode command) {
    conn.call(command);
    changes.incrementAndGet();
  }
}
