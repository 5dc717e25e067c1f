package dev.backroom.mqtt.security;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.security.MqttPrincipal.Kind;
import java.util.List;

/**
 * The store broker's access rules, as data ({@link #RULES}) plus the two checks every broker
 * binding asks: may this principal publish to a topic, may it subscribe to a filter. Pure and
 * thread-safe. The hub turns the rules into Mosquitto dynamic-security roles, and it
 * checks each client's Will against them.
 *
 * <p>A device speaks only for itself: it publishes its own capabilities, heartbeat, lifecycle,
 * status and logs, and subscribes to exactly its own assignment and commands (a filter with a
 * wildcard is refused even when it would match only its own topics). The hub publishes
 * assignments and commands and reads the device-to-hub kinds of every device. A workload
 * publishes telemetry and nothing else, and only to the hub's own telemetry listener: the
 * broker holds no workload accounts, so the hub makes no broker role of the workload rule.
 */
public final class TopicPolicy {
  /** Stands for the principal's own device id in a rule's filter. */
  public static final String ID = "{id}";

  public enum Access { PUBLISH, SUBSCRIBE }

  /**
   * One permission: principals of {@code kind} may {@code access} topics matching
   * {@code filter}, an MQTT filter in which {@link #ID} is the principal's device id.
   */
  public record Rule(Kind kind, Access access, String filter) {
    /** The filter with {@link #ID} replaced; {@code deviceId} is null for the hub. */
    public String filterFor(String deviceId) {
      return deviceId == null ? filter : filter.replace(ID, deviceId);
    }
  }

  private static final String DEVICE = Topics.ROOT + "/devices/" + ID + "/";
  private static final String ANY_DEVICE = Topics.ROOT + "/devices/+/";
  private static final List<String> DEVICE_TO_HUB = List.of(Topics.CAPABILITIES, Topics.HEARTBEAT,
      Topics.LIFECYCLE, Topics.STATUS, Topics.LOGS);
  private static final List<String> HUB_TO_DEVICE = List.of(Topics.ASSIGNMENT, Topics.COMMANDS);

  /** Every permission there is; anything not listed is refused. */
  public static final List<Rule> RULES = rules();

  private TopicPolicy() {}

  private static List<Rule> rules() {
    List<Rule> r = new java.util.ArrayList<>();
    DEVICE_TO_HUB.forEach(k -> r.add(new Rule(Kind.DEVICE, Access.PUBLISH, DEVICE + k)));
    HUB_TO_DEVICE.forEach(k -> r.add(new Rule(Kind.DEVICE, Access.SUBSCRIBE, DEVICE + k)));
    HUB_TO_DEVICE.forEach(k -> r.add(new Rule(Kind.HUB, Access.PUBLISH, ANY_DEVICE + k)));
    DEVICE_TO_HUB.forEach(k -> r.add(new Rule(Kind.HUB, Access.SUBSCRIBE, ANY_DEVICE + k)));
    r.add(new Rule(Kind.WORKLOAD, Access.PUBLISH, Topics.ROOT + "/telemetry/#"));
    return List.copyOf(r);
  }

  /** The rules that apply to one kind of principal and access. */
  public static List<Rule> rulesFor(Kind kind, Access access) {
    return BY_KIND_AND_ACCESS.get(kind).get(access);
  }

  // Filtered once: the checks ask for a principal's rules on every call.
  private static final java.util.Map<Kind, java.util.Map<Access, List<Rule>>> BY_KIND_AND_ACCESS =
      byKindAndAccess();

  private static java.util.Map<Kind, java.util.Map<Access, List<Rule>>> byKindAndAccess() {
    java.util.Map<Kind, java.util.Map<Access, List<Rule>>> m = new java.util.EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      java.util.Map<Access, List<Rule>> byAccess = new java.util.EnumMap<>(Access.class);
      for (Access a : Access.values()) {
        byAccess.put(a, RULES.stream().filter(r -> r.kind() == k && r.access() == a).toList());
      }
      m.put(k, byAccess);
    }
    return m;
  }

  /** Whether {@code p} may publish to {@code topic} (a topic name: wildcards are refused). */
  public static boolean canPublish(MqttPrincipal p, String topic) {
    if (p == null || !isTopicName(topic)) {
      return false;
    }
    for (Rule r : rulesFor(p.kind(), Access.PUBLISH)) {
      if (Topics.matches(r.filterFor(p.deviceId()), topic)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code p} may subscribe to {@code filter}. The hub's filter must lie within one of
   * its rules; a device's or workload's must equal one of its rules exactly, so no wildcard.
   */
  public static boolean canSubscribe(MqttPrincipal p, String filter) {
    if (p == null || !isFilter(filter)) {
      return false;
    }
    for (Rule r : rulesFor(p.kind(), Access.SUBSCRIBE)) {
      String allowed = r.filterFor(p.deviceId());
      if (p.kind() == Kind.HUB ? covers(allowed, filter) : allowed.equals(filter)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code p} may connect with {@code clientId}. MQTT lets a new connection with a
   * client id take over the session that holds it, so a device owns {@code agent-{id}}, the hub
   * owns ids starting with {@code backroom-hub}, and a workload may use neither.
   */
  public static boolean canUseClientId(MqttPrincipal p, String clientId) {
    if (p == null || clientId == null || clientId.isEmpty()) {
      return false;
    }
    return switch (p.kind()) {
      case DEVICE -> clientId.equals(agentClientId(p.deviceId()));
      case HUB -> clientId.startsWith(HUB_CLIENT_PREFIX);
      case WORKLOAD -> !clientId.startsWith(AGENT_CLIENT_PREFIX)
          && !clientId.startsWith(HUB_CLIENT_PREFIX);
    };
  }

  public static final String AGENT_CLIENT_PREFIX = "agent-";
  public static final String HUB_CLIENT_PREFIX = "backroom-hub";

  /** The client id a device agent connects with. */
  public static String agentClientId(String deviceId) {
    return AGENT_CLIENT_PREFIX + deviceId;
  }


  /** Whether every topic {@code inner} matches is matched by {@code outer}. */
  static boolean covers(String outer, String inner) {
    String[] o = outer.split("/", -1);
    String[] n = inner.split("/", -1);
    for (int i = 0; i < o.length; i++) {
      if (o[i].equals("#")) {
        return true;
      }
      if (i >= n.length || n[i].equals("#")) {
        return false;
      }
      if (!o[i].equals("+") && !o[i].equals(n[i])) {
        return false;
      }
    }
    return o.length == n.length;
  }

  private static boolean isTopicName(String topic) {
    return topic != null && !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0
        && topic.indexOf('\0') < 0;
  }

  /** A well-formed filter: '+' and '#' only as whole levels, '#' only last. */
  static boolean isFilter(String filter) {
    if (filter == null || filter.isEmpty() || filter.indexOf('\0') >= 0) {
      return false;
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if ((l.contains("+") || l.contains("#")) && l.length() > 1) {
        return false;
      }
      if (l.equals("#") && i != levels.length - 1) {
        return false;
      }
    }
    return true;
  }
}
