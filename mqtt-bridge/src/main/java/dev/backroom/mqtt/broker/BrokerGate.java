package dev.backroom.mqtt.broker;

import dev.backroom.mqtt.security.BrokerAuthenticator;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.security.TopicPolicy;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Moquette's authenticator and authorizer hooks over {@link TopicPolicy}: a CONNECT needs a user
 * name naming a principal, a client id that principal owns and a password the
 * {@link BrokerAuthenticator} accepts; every publish and subscribe is then checked against the
 * policy for the principal of the connection's (already authenticated) user name. Remembers
 * which client ids each device's principals hold, so a revoked device can be cut off at once.
 */
final class BrokerGate implements IAuthenticator, IAuthorizatorPolicy {
  private static final Logger LOG = Logger.getLogger(BrokerGate.class.getName());
  private final BrokerAuthenticator authenticator;
  private final Map<String, MqttPrincipal> clients = new ConcurrentHashMap<>();

  BrokerGate(BrokerAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public boolean checkValid(String clientId, String username, byte[] password) {
    Optional<MqttPrincipal> p = MqttPrincipal.parse(username);
    if (p.isEmpty() || !TopicPolicy.canUseClientId(p.get(), clientId)) {
      LOG.info(() -> "refused MQTT client " + clientId + ": user name " + username
          + " names no principal that may use this client id");
      return false;
    }
    boolean ok;
    try {
      ok = authenticator.verify(p.get(), password);
    } catch (RuntimeException e) {
      LOG.warning("credential check failed for " + username + ": " + e);
      ok = false;
    }
    if (ok) {
      clients.put(clientId, p.get());
    } else {
      LOG.info(() -> "refused MQTT client " + clientId + ": bad credentials for " + username);
    }
    return ok;
  }

  @Override
  public boolean canWrite(Topic topic, String user, String client) {
    return MqttPrincipal.parse(user).map(p -> TopicPolicy.canPublish(p, topic.toString()))
        .orElse(false);
  }

  @Override
  public boolean canRead(Topic topic, String user, String client) {
    return MqttPrincipal.parse(user).map(p -> TopicPolicy.canSubscribe(p, topic.toString()))
        .orElse(false);
  }

  /** Client ids last authenticated as the device or one of its workloads. */
  List<String> clientsOf(String deviceId) {
    return clients.entrySet().stream()
        .filter(e -> deviceId.equals(e.getValue().deviceId())).map(Map.Entry::getKey).toList();
  }

  void forget(String clientId) {
    clients.remove(clientId);
  }
}
