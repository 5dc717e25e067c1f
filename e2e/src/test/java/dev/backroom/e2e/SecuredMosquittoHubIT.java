package dev.backroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * against the state it left (the second ensure is a no-op). Agents join once enrolment hands
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
        assertTrue(Files.readString(hub.log()).contains("Mosquitto dynamic security in place (0 changes made)"),
            () -> hub.tail(40));
      } finally {
        hub.stop();
      }
      MqttException anonymous = assertThrows(MqttException.class, () -> connect(mosquitto.uri(), null, null));
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anonymous.getReasonCode());
      String hubUser = mosquitto.hubSettings().get("backroom.mqtt.username");
      String hubPassword = mosquitto.hubSettings().get("backroom.mqtt.password");
      connect(mosquitto.uri(), hubUser, hubPassword);
    }
  }

  private static void connect(String uri, String username, String password) throws MqttException {
    MqttClient c = new MqttClient(uri, "probe", new MemoryPersistence());
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
