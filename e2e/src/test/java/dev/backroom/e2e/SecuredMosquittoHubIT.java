package dev.backroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.HubProcess;
import dev.backroom.harness.MosquittoProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub on a secured Mosquitto that knows only its dynamic-security admin: the hub
 * becomes ready only by setting up its roles and its own client, and survives a restart
 * against the state it left (the second ensure only sets the hub's password again). Agents join once enrolment hands
 * them broker credentials.
 */
class SecuredMosquittoHubIT {
  @TempDir Path dir;

  @Test
  void hubSetsUpTheBroker_andRestartsOnIt() throws Exception {
    try (MosquittoProcess mosquitto = MosquittoProcess.startSecured(dir.resolve("mosquitto"))) {
      HubProcess hub = HubProcess.start(dir.resolve("hub"), mosquitto.uri(), Map.of(), mosquitto.hubSettings());
      try {
        assertTrue(Files.readString(hub.log()).contains("Mosquitto dynamic security in place"), () -> hub.tail(40));
        hub.restart();
        // One change at every start: the hub's own password is set again, because an account
        // bound to its client id cannot have its password probed without kicking its session.
        assertTrue(Files.readString(hub.log()).contains("Mosquitto dynamic security in place (1 changes made)"),
            () -> hub.tail(40));
      } finally {
        hub.stop();
      }
      MqttException anonymous = assertThrows(MqttException.class,
          () -> connect(mosquitto.uri(), "probe", null, null));
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anonymous.getReasonCode());
      String hubUser = mosquitto.hubSettings().get("backroom.mqtt.username");
      String hubPassword = mosquitto.hubSettings().get("backroom.mqtt.password");
      // The hub's account is bound to the hub's client id: with any other id it is refused.
      MqttException otherId = assertThrows(MqttException.class,
          () -> connect(mosquitto.uri(), "probe", hubUser, hubPassword));
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, otherId.getReasonCode());
      connect(mosquitto.uri(), "backroom-hub", hubUser, hubPassword);
    }
  }

  private static void connect(String uri, String clientId, String username, String password)
      throws MqttException {
    MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
    try {
      MqttConnectOptions o = new MqttConnectOptions();
      o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      if (username != null) {
        o.setUserName(username);
        o.setPassword(password.toCharArray());
      }
      c.connect(o);
      c.disconnect();
    } finally {
      c.close(true);
    }
  }
}
