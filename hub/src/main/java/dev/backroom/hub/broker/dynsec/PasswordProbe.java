package dev.backroom.hub.broker.dynsec;

import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Whether the broker accepts a username and password, found by connecting with them under a
 * throwaway client id (so no session of that user is taken over). Mosquitto never shows a stored
 * password, and setting one drops the user's sessions, so this is how an ensure stays a no-op.
 */
@FunctionalInterface
public interface PasswordProbe {

  /** True when the broker lets {@code username} in with {@code password}. */
  boolean accepts(String username, char[] password);

  /** Probes {@code serverUri} with a real MQTT 3.1.1 connect. */
  static PasswordProbe connectingTo(String serverUri) {
    return connectingTo(serverUri, null);
  }

  /** As {@link #connectingTo(String)}, with {@code tls} sockets for an {@code ssl://} URI. */
  static PasswordProbe connectingTo(String serverUri, javax.net.ssl.SSLSocketFactory tls) {
    return (username, password) -> {
      MqttConnectOptions o = new MqttConnectOptions();
      if (tls != null) {
        o.setSocketFactory(tls);
      }
      o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      o.setCleanSession(true);
      o.setConnectionTimeout(5);
      o.setUserName(username);
      o.setPassword(password);
      MqttClient c = null;
      try {
        c = new MqttClient(serverUri, "backroom-probe-" + UUID.randomUUID(), new MemoryPersistence());
        c.connect(o);
        c.disconnect(1_000);
        return true;
      } catch (MqttException e) {
        int code = e.getReasonCode();
        if (code == MqttException.REASON_CODE_NOT_AUTHORIZED
            || code == MqttException.REASON_CODE_FAILED_AUTHENTICATION) {
          return false;
        }
        throw new DynsecException("passwordProbe", "cannot reach " + serverUri + ": " + e);
      } finally {
        if (c != null) {
          try {
            c.close(true);
          } catch (MqttException ignored) {
            // closing a client that never connected; nothing to release
          }
        }
      }
    };
  }
}
