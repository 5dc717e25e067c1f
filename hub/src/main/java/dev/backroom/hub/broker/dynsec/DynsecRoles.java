package dev.backroom.hub.broker.dynsec;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.security.MqttPrincipal.Kind;
import dev.backroom.mqtt.security.TopicPolicy.Access;
import dev.backroom.mqtt.security.TopicPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TopicPolicy#RULES} as Mosquitto dynamic-security roles, so the broker enforces
 * the one list the hub checks Wills against. Everything not granted is denied, because the manager sets every
 * default access to deny. Receiving is granted with subscribing, since Mosquitto checks both:
 * a client is handed only messages it subscribed to and may receive.
 *
 * <p>Subscriptions follow {@link TopicPolicy#canSubscribe}: a device's filter must
 * equal a rule (literal ACL); the hub's may lie within one (pattern ACL, whose {@code +} also
 * matches a {@code +} or one device id in the filter, never {@code #}).
 */
public final class DynsecRoles {
  /** The hub's own identity: assignments and commands out, every device's reports in. */
  public static final String HUB = "backroom-hub";
  /**
   * The role workload accounts had when the broker held them; it and every client tagged
   * {@link #WORKLOAD_TAG} are deleted at start (workloads never talk to the broker).
   */
  public static final String LEGACY_WORKLOAD_ROLE = "backroom-workload";
  /** The text-name prefix of those legacy workload clients. */
  public static final String WORKLOAD_TAG = "workload:";
  /** The only client id the hub's account may connect with. */
  public static final String HUB_CLIENT_ID = TopicPolicy.HUB_CLIENT_PREFIX;
  /** The only client id the dynamic-security admin account may connect with. */
  public static final String ADMIN_CLIENT_ID = TopicPolicy.HUB_CLIENT_PREFIX + "-dynsec";
  /** The hub's management identity: the dynamic-security control topic only. */
  public static final String ADMIN = "backroom-dynsec-admin";
  /** A device's role is this prefix and its id. */
  public static final String DEVICE_PREFIX = "backroom-device-";

  public static final String CONTROL_TOPIC = "$CONTROL/dynamic-security/v1";
  public static final String CONTROL_RESPONSE_TOPIC = CONTROL_TOPIC + "/response";

  public static final String PUBLISH_SEND = "publishClientSend";
  public static final String PUBLISH_RECEIVE = "publishClientReceive";
  public static final String SUBSCRIBE = "subscribeLiteral";
  public static final String SUBSCRIBE_PATTERN = "subscribePattern";
  public static final String UNSUBSCRIBE = "unsubscribeLiteral";
  public static final String UNSUBSCRIBE_PATTERN = "unsubscribePattern";

  /** One dynamic-security ACL entry; all of ours allow, the default denies. */
  public record Acl(String type, String topic) {}

  private DynsecRoles() {}

  /** The only client id a device's account may connect with (see {@link TopicPolicy#canUseClientId}). */
  public static String agentClientId(String deviceId) {
    deviceRole(deviceId);
    return TopicPolicy.agentClientId(deviceId);
  }

  public static String deviceRole(String deviceId) {
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException("invalid device id: " + deviceId);
    }
    return DEVICE_PREFIX + deviceId;
  }

  public static List<Acl> device(String deviceId) {
    deviceRole(deviceId);
    return acls(Kind.DEVICE, deviceId, false);
  }

  public static List<Acl> hub() {
    return acls(Kind.HUB, null, true);
  }

  public static List<Acl> admin() {
    List<Acl> acls = new ArrayList<>();
    acls.add(new Acl(PUBLISH_SEND, CONTROL_TOPIC));
    subscribable(acls, CONTROL_RESPONSE_TOPIC, false);
    return List.copyOf(acls);
  }

  private static List<Acl> acls(Kind kind, String deviceId, boolean pattern) {
    List<Acl> acls = new ArrayList<>();
    for (TopicPolicy.Rule r : TopicPolicy.rulesFor(kind, Access.PUBLISH)) {
      acls.add(new Acl(PUBLISH_SEND, r.filterFor(deviceId)));
    }
    for (TopicPolicy.Rule r : TopicPolicy.rulesFor(kind, Access.SUBSCRIBE)) {
      subscribable(acls, r.filterFor(deviceId), pattern);
    }
    return List.copyOf(acls);
  }

  private static void subscribable(List<Acl> acls, String topic, boolean pattern) {
    acls.add(new Acl(pattern ? SUBSCRIBE_PATTERN : SUBSCRIBE, topic));
    acls.add(new Acl(pattern ? UNSUBSCRIBE_PATTERN : UNSUBSCRIBE, topic));
    acls.add(new Acl(PUBLISH_RECEIVE, topic));
  }
}
