package dev.backroom.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.broker.BrokerLogEvent.Connected;
import dev.backroom.mqtt.security.MqttPrincipal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's Mosquitto, started as the hub starts it, against real clients: files and modes,
 * accounts, what its log tells the hub, restart after a crash and no process left after close.
 * Needs a real Mosquitto 2 with its dynamic-security plugin (apt-get install mosquitto).
 */
class ManagedMosquittoTest {
  private static final String WILL_ON_OTHER = "backroom/v1/devices/b/assignment";

  @TempDir Path data;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private ManagedMosquitto broker;

  @BeforeEach
  void start() {
    broker = ManagedMosquitto.start(MosquittoSettings.plain(data.resolve("mosquitto"),
        "127.0.0.1", 0), null, new ManagedMosquitto.Observer() {
          @Override
          public void event(BrokerLogEvent e) {
            events.add(e);
          }

          @Override
          public void restarted() {
            events.add("restarted");
          }
        });
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void filesArePrivate_andSurviveTheBrokersOwnRewrite() throws Exception {
    broker.accounts().ensureDevice("a", MqttPrincipal.device("a").username(), "pw-a".toCharArray());
    Path dir = data.resolve("mosquitto");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    for (String f : new String[] {"mosquitto.conf", "dynamic-security.json", "mosquitto.pid"}) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
    }
    assertTrue(Files.readString(dir.resolve("dynamic-security.json")).contains("device:a"));
    assertEquals(java.util.Set.of(DynsecSeed.ADMIN_USERNAME, "hub", "device:a"),
        broker.accounts().usernames());
  }

  @Test
  void deviceConnects_andItsWillOnAnotherDevicesTopic_isReportedWithItsPrincipal() throws Exception {
    broker.accounts().ensureDevice("a", "device:a", "pw-a".toCharArray());
    MqttClient c = connect("agent-a", "device:a", "pw-a", WILL_ON_OTHER);
    Connected seen = awaitConnected("agent-a");
    assertEquals("device:a", seen.username());
    assertEquals("127.0.0.1", seen.address());
    assertNotNull(seen.will());
    assertEquals(WILL_ON_OTHER, seen.will().topic());
    assertEquals(1, seen.will().qos());
    assertTrue(seen.will().retain());
    c.disconnect();
    c.close();
  }

  @Test
  void wrongPassword_isRefusedWithNotAuthorized_andReported() throws Exception {
    broker.accounts().ensureDevice("a", "device:a", "pw-a".toCharArray());
    MqttException refused = assertThrows(MqttException.class,
        () -> connect("agent-a", "device:a", "wrong", null));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
    assertEquals(new BrokerLogEvent.ConnectRefused("127.0.0.1", 5),
        awaitEvent(BrokerLogEvent.ConnectRefused.class));
  }

  @Test
  void killedBroker_isRestarted_andAccountsSurvive() throws Exception {
    broker.accounts().ensureDevice("a", "device:a", "pw-a".toCharArray());
    long pid = broker.pid();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    awaitValue("restarted");
    assertNotEquals(pid, broker.pid());
    assertTrue(broker.pid() > 0);
    MqttClient c = connect("agent-a", "device:a", "pw-a", null);
    assertTrue(c.isConnected());
    c.disconnect();
    c.close();
  }

  /** Verifies that $SYS and the control topic stay shut to a device: SUBACK 0x80 for each. */
  @Test
  void device_getsNoDollarTopics() throws Exception {
    broker.accounts().ensureDevice("a", "device:a", "pw-a".toCharArray());
    MqttClient c = connect("agent-a", "device:a", "pw-a", null);
    for (String filter : new String[] {"$SYS/#", "$CONTROL/dynamic-security/v1/response", "#"}) {
      assertEquals(0x80, grantedQos(c, filter), filter);
    }
    c.disconnect();
    c.close();
  }

  /** Verifies the demo shortcut: anonymous clients reach ordinary topics, never $ topics. */
  @Test
  void allowAnonymous_opensOrdinaryTopicsOnly() throws Exception {
    BlockingQueue<BrokerLogEvent> seen = new LinkedBlockingQueue<>();
    try (ManagedMosquitto open = ManagedMosquitto.start(MosquittoSettings.plain(
        data.resolve("open"), "127.0.0.1", 0).withAllowAnonymous(true), null, seen::add)) {
      MqttClient c = new MqttClient(open.uri(), "anon-1", new MemoryPersistence());
      c.connect();
      assertEquals(1, grantedQos(c, "backroom/v1/devices/x/assignment"));
      assertEquals(0x80, grantedQos(c, "$CONTROL/dynamic-security/v1/response"));
      assertEquals(0x80, grantedQos(c, "$SYS/#"));
      // An anonymous admin command: denied by the broker, so no such client appears.
      c.publish("$CONTROL/dynamic-security/v1", ("{\"commands\":[{\"command\":\"createClient\","
          + "\"username\":\"intruder\",\"password\":\"x\"}]}").getBytes(), 1, false);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      BrokerLogEvent e = null;
      while (!(e instanceof BrokerLogEvent.PublishDenied) && System.nanoTime() < deadline) {
        e = seen.poll(100, TimeUnit.MILLISECONDS);
      }
      assertEquals(new BrokerLogEvent.PublishDenied("anon-1", "$CONTROL/dynamic-security/v1", 1,
          false), e);
      assertFalse(open.accounts().usernames().contains("intruder"));
      c.disconnect();
      c.close();
    }
  }

  private static int grantedQos(MqttClient c, String filter) throws MqttException {
    try {
      return c.subscribeWithResponse(filter, 1).getGrantedQos()[0];
    } catch (MqttException e) {
      if (e.getReasonCode() == 0x80) {
        return 0x80; // Paho reports a refused subscription as an exception with the code
      }
      throw e;
    }
  }

  @Test
  void close_leavesNoProcess() {
    long pid = broker.pid();
    broker.close();
    assertTrue(pid > 0);
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  private MqttClient connect(String id, String user, String pw, String willTopic)
      throws MqttException {
    MqttClient c = new MqttClient(broker.uri(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setUserName(user);
    o.setPassword(pw.toCharArray());
    o.setConnectionTimeout(5);
    if (willTopic != null) {
      o.setWill(willTopic, "{}".getBytes(), 1, true);
    }
    try {
      c.connect(o);
    } catch (MqttException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private Connected awaitConnected(String clientId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Object e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e instanceof Connected c && c.clientId().equals(clientId)) {
        return c;
      }
    }
    throw new AssertionError("no connect of " + clientId + " reported");
  }

  private Object awaitEvent(Class<?> type) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Object e = events.poll(100, TimeUnit.MILLISECONDS);
      if (type.isInstance(e)) {
        return e;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " reported");
  }

  private void awaitValue(Object value) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (value.equals(events.poll(100, TimeUnit.MILLISECONDS))) {
        return;
      }
    }
    throw new AssertionError("never saw " + value);
  }
}
