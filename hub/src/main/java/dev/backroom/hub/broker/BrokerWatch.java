package dev.backroom.hub.broker;

import dev.backroom.hub.broker.BrokerLogEvent.Connected;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.security.TopicPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which of the broker's log events the hub must record, and against whom. Pure apart
 * from remembering recent connects (client id to user name and address), since Mosquitto names
 * only the client id on a denied PUBLISH or SUBSCRIBE. Not thread-safe: the log reader calls it.
 *
 * <p>A Will is checked here against {@link TopicPolicy}, the rules the broker's roles are made
 * of: Mosquitto accepts the CONNECT and drops a forbidden Will only when it falls due, without a
 * word at the usual log levels, so the hub says who tried.
 */
public final class BrokerWatch {
  /** Enough for every device's and workload's client; the oldest is forgotten first. */
  private static final int REMEMBERED_CLIENTS = 20_000;

  /**
   * Something the hub records.
   *
   * @param kind the event kind ({@code mqtt-will-refused}, ...)
   * @param deviceId the device the principal belongs to, or null
   * @param offence whether it counts against the device ({@code DeviceOffences})
   */
  public record Finding(String kind, String deviceId, String clientId, String username,
      String address, String reason, String message, boolean offence) {}

  private final boolean anonymousAllowed;
  private final Map<String, Connected> clients = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Connected> eldest) {
      return size() > REMEMBERED_CLIENTS;
    }
  };

  /** @param anonymousAllowed anonymous clients may publish anywhere, so their Wills are fine */
  public BrokerWatch(boolean anonymousAllowed) {
    this.anonymousAllowed = anonymousAllowed;
  }

  public Optional<Finding> judge(BrokerLogEvent e) {
    if (e instanceof Connected c) {
      return connected(c);
    }
    if (e instanceof BrokerLogEvent.ConnectRefused r) {
      return Optional.of(new Finding("mqtt-connect-refused", null, null, null, r.host(),
          "connect_refused", "the broker refused a CONNECT from " + r.host() + " (return code "
              + r.returnCode() + ": wrong user name or password, a client id its account may"
              + " not use, or a disabled account)", false));
    }
    if (e instanceof BrokerLogEvent.PublishDenied d) {
      return Optional.of(denied("mqtt-publish-denied", d.clientId(), "publish_denied",
          "may not publish to '" + clip(d.topic()) + "'; the broker discarded the message"));
    }
    if (e instanceof BrokerLogEvent.SubscribeDenied d) {
      return Optional.of(denied("mqtt-subscribe-denied", d.clientId(), "subscribe_denied",
          "may not subscribe to '" + clip(String.join("', '", d.filters()))
              + "'; the broker answered with failure 0x80"));
    }
    return Optional.empty();
  }

  private Optional<Finding> connected(Connected c) {
    clients.put(c.clientId(), c);
    if (c.will() == null || (c.username() == null && anonymousAllowed)) {
      return Optional.empty();
    }
    Optional<MqttPrincipal> p = MqttPrincipal.parse(c.username());
    if (p.isPresent() && TopicPolicy.canPublish(p.get(), c.will().topic())) {
      return Optional.empty();
    }
    return Optional.of(new Finding("mqtt-will-refused", p.map(MqttPrincipal::deviceId).orElse(null),
        c.clientId(), c.username(), c.address(), "will_forbidden_topic",
        who(c.clientId(), c.username(), c.address()) + " set its Will on '" + clip(c.will().topic())
            + "', where it may not publish; the broker will not deliver that Will",
        isDevice(p)));
  }

  private Finding denied(String kind, String clientId, String reason, String what) {
    Connected c = clients.get(clientId);
    String username = c == null ? null : c.username();
    String address = c == null ? null : c.address();
    Optional<MqttPrincipal> p = MqttPrincipal.parse(username);
    return new Finding(kind, p.map(MqttPrincipal::deviceId).orElse(null), clientId, username,
        address, reason, who(clientId, username, address) + " " + what, isDevice(p));
  }

  private static boolean isDevice(Optional<MqttPrincipal> p) {
    return p.map(x -> x.kind() == MqttPrincipal.Kind.DEVICE).orElse(false);
  }

  static String who(String clientId, String username, String address) {
    return "client '" + clip(clientId) + "' (user " + (username == null ? "anonymous"
        : "'" + clip(username) + "'") + (address == null ? "" : ", from " + address) + ")";
  }

  /** Client-chosen text in an event message: at most 300 characters (the column holds 4096). */
  static String clip(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
