package dev.backroom.mqtt.security;

import dev.backroom.mqtt.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * The topic contract's access rules (docs: CONTRACTS "Topic contract") as Mosquitto
 * dynamic-security roles. Everything not granted here is denied, because the manager sets every
 * default ACL access to deny. Receiving is granted separately from subscribing because Mosquitto
 * checks both: a role may only be handed the messages it subscribed to.
 *
 * <p>Lead's note: the embedded broker's authorizer (devsec branch) has its own policy class; the
 * two should derive from one list of topics. Until then both follow {@link #DEVICE_PUBLISHES}
 * and {@link #DEVICE_SUBSCRIBES}, which are the contract.
 */
public final class DynsecRoles {
  /** The hub's own identity: assignments and commands out, every device's reports in. */
  public static final String HUB = "backroom-hub";
  /** Workload credentials handed to containers: telemetry publish only. */
  public static final String WORKLOAD = "backroom-workload";
  /** The hub's management identity: the dynamic-security control topic only. */
  public static final String ADMIN = "backroom-dynsec-admin";
  private static final String DEVICE_PREFIX = "backroom-device-";

  /** Kinds a device publishes under its own {@code backroom/v1/devices/{id}/}. */
  public static final List<String> DEVICE_PUBLISHES = List.of(Topics.CAPABILITIES,
      Topics.HEARTBEAT, Topics.LIFECYCLE, Topics.STATUS, Topics.LOGS);
  /** Kinds a device subscribes to under its own {@code backroom/v1/devices/{id}/}. */
  public static final List<String> DEVICE_SUBSCRIBES = List.of(Topics.ASSIGNMENT, Topics.COMMANDS);
  public static final String CONTROL_TOPIC = "$CONTROL/dynamic-security/v1";
  public static final String CONTROL_RESPONSE_TOPIC = CONTROL_TOPIC + "/response";

  public static final String PUBLISH_SEND = "publishClientSend";
  public static final String PUBLISH_RECEIVE = "publishClientReceive";
  public static final String SUBSCRIBE = "subscribeLiteral";
  public static final String UNSUBSCRIBE = "unsubscribeLiteral";

  /** One dynamic-security ACL entry; all of ours allow, the default denies. */
  public record Acl(String type, String topic) {}

  private DynsecRoles() {}

  /**
   * The client id a device's account is bound to (Mosquitto refuses that username with any
   * other), so a device cannot connect as another device's session. Same as the agent's.
   */
  public static String agentClientId(String deviceId) {
    deviceRole(deviceId);
    return "agent-" + deviceId;
  }

  public static String deviceRole(String deviceId) {
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException("invalid device id: " + deviceId);
    }
    return DEVICE_PREFIX + deviceId;
  }

  public static List<Acl> device(String deviceId) {
    deviceRole(deviceId);
    List<Acl> acls = new ArrayList<>();
    for (String kind : DEVICE_PUBLISHES) {
      acls.add(new Acl(PUBLISH_SEND, Topics.device(deviceId, kind)));
    }
    for (String kind : DEVICE_SUBSCRIBES) {
      subscribable(acls, Topics.device(deviceId, kind));
    }
    return List.copyOf(acls);
  }

  /**
   * Subscriptions are granted as literal filters: the hub may subscribe to exactly
   * {@code backroom/v1/devices/+/status} and its siblings, not to {@code #} nor to one device's
   * topic; what it may receive is then matched topic by topic.
   */
  public static List<Acl> hub() {
    List<Acl> acls = new ArrayList<>();
    for (String kind : DEVICE_SUBSCRIBES) {
      acls.add(new Acl(PUBLISH_SEND, Topics.allDevices(kind)));
    }
    for (String kind : DEVICE_PUBLISHES) {
      subscribable(acls, Topics.allDevices(kind));
    }
    return List.copyOf(acls);
  }

  public static List<Acl> workload() {
    return List.of(new Acl(PUBLISH_SEND, Topics.telemetry("#")));
  }

  public static List<Acl> admin() {
    List<Acl> acls = new ArrayList<>();
    acls.add(new Acl(PUBLISH_SEND, CONTROL_TOPIC));
    subscribable(acls, CONTROL_RESPONSE_TOPIC);
    return List.copyOf(acls);
  }

  private static void subscribable(List<Acl> acls, String topic) {
    acls.add(new Acl(SUBSCRIBE, topic));
    acls.add(new Acl(UNSUBSCRIBE, topic));
    acls.add(new Acl(PUBLISH_RECEIVE, topic));
  }
}
