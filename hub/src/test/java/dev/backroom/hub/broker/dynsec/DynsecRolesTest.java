package dev.backroom.hub.broker.dynsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.broker.dynsec.DynsecRoles.Acl;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.security.TopicPolicy;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's ACLs as data, and the plugin file's password hash. */
class DynsecRolesTest {

  @Test
  void device_publishesItsFiveTopics_andSubscribesItsTwo() {
    List<Acl> acls = DynsecRoles.device("d1");
    assertEquals(Set.of("backroom/v1/devices/d1/capabilities", "backroom/v1/devices/d1/heartbeat",
        "backroom/v1/devices/d1/lifecycle", "backroom/v1/devices/d1/status", "backroom/v1/devices/d1/logs"),
        topics(acls, DynsecRoles.PUBLISH_SEND));
    Set<String> in = Set.of(Topics.assignment("d1"), Topics.commands("d1"));
    assertEquals(in, topics(acls, DynsecRoles.SUBSCRIBE));
    assertEquals(in, topics(acls, DynsecRoles.PUBLISH_RECEIVE));
    assertEquals(in, topics(acls, DynsecRoles.UNSUBSCRIBE));
    assertEquals(11, acls.size());
  }

  @Test
  void hub_sendsToDevices_andReadsTheirReports_withoutWildcardsBeyondTheDeviceLevel() {
    List<Acl> acls = DynsecRoles.hub();
    assertEquals(Set.of("backroom/v1/devices/+/assignment", "backroom/v1/devices/+/commands"),
        topics(acls, DynsecRoles.PUBLISH_SEND));
    assertEquals(5, topics(acls, DynsecRoles.SUBSCRIBE_PATTERN).size());
    assertEquals(topics(acls, DynsecRoles.SUBSCRIBE_PATTERN), topics(acls, DynsecRoles.PUBLISH_RECEIVE));
    assertFalse(acls.stream().anyMatch(a -> a.topic().contains("#") || a.topic().startsWith("$")));
  }

  /** Every grant is one {@link TopicPolicy} grants too (the hub checks Wills against it). */
  @Test
  void everyGrant_isAlsoTopicPolicys() {
    check(MqttPrincipal.device("d1"), DynsecRoles.device("d1"));
    check(MqttPrincipal.hub(), DynsecRoles.hub());
  }

  private static void check(MqttPrincipal p, List<Acl> acls) {
    for (Acl a : acls) {
      boolean ok = switch (a.type()) {
        case DynsecRoles.PUBLISH_SEND -> a.topic().contains("#") || a.topic().contains("+")
            || TopicPolicy.canPublish(p, a.topic());
        default -> TopicPolicy.canSubscribe(p, a.topic());
      };
      assertTrue(ok, p + " " + a);
    }
  }

  /** The hub's and the admin's bound client ids are ones only the hub may use (TopicPolicy). */
  @Test
  void boundClientIds_areTheHubs() {
    assertEquals("backroom-hub", DynsecRoles.HUB_CLIENT_ID);
    assertEquals("backroom-hub-dynsec", DynsecRoles.ADMIN_CLIENT_ID);
    assertTrue(TopicPolicy.canUseClientId(MqttPrincipal.hub(), DynsecRoles.ADMIN_CLIENT_ID));
    assertFalse(TopicPolicy.canUseClientId(MqttPrincipal.device("d1"), DynsecRoles.HUB_CLIENT_ID));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a+", "#", "$SYS", " d", "x12345678901234567890123456789012345678901234567890123456789012345"})
  void deviceIdsThatWouldWidenATopic_areRefused(String id) {
    assertThrows(IllegalArgumentException.class, () -> DynsecRoles.device(id));
  }

  /** Vector from {@code mosquitto_ctrl dynsec init} (Mosquitto 2.0.11), password "secret". */
  @Test
  void passwordHash_isThePluginsPbkdf2Sha512() {
    byte[] salt = Base64.getDecoder().decode("e3BYVaaTfERpOwu/");
    assertEquals("HFTMZ1WWfV/SWehdGqVTcDOIgDXy76oiTAKY1DCxNjPMtY6DRIlOVJzSpFJRBGMBfaFOIbgxwtBIVkGpqsAqUw==",
        Base64.getEncoder().encodeToString(DynsecBootstrap.hash("secret".toCharArray(), salt, 101)));
  }

  private static Set<String> topics(List<Acl> acls, String type) {
    return acls.stream().filter(a -> a.type().equals(type)).map(Acl::topic).collect(Collectors.toSet());
  }
}
