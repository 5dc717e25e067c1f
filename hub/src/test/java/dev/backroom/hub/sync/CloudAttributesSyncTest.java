package dev.backroom.hub.sync;

import static dev.backroom.hub.sync.CloudStandIn.upsert;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.devices.DeviceAttributeStore;
import dev.backroom.hub.devices.DeviceAttributeWrites;
import dev.backroom.hub.events.Event;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Devices' custom attributes from the cloud (desired DEVICE_ATTRIBUTES objects) on a hub with
 * real H2 and its real sync threads: the object's attributes are set through the hub's own
 * attribute writes with origin cloud, a later change removes only the names the cloud held, and
 * the hub's own attributes stay.
 */
@QuarkusTest
@TestProfile(CloudStandInResource.Profile.class)
class CloudAttributesSyncTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String OWNER = "pipeline:BKRMTESTTESTTESTTEST";

  @Inject DeviceAttributeStore attributes;
  @Inject DeviceAttributeWrites writes;
  @Inject Jdbc jdbc;

  @AfterEach
  void everyBatchWasValid() {
    assertEquals(List.of(), CloudStandIn.current.invalid, "batches the real cloud would refuse");
  }

  private static DesiredChange object(String device, String attributes) {
    return upsert(DesiredKind.DEVICE_ATTRIBUTES, device, """
        {"attributes":%s,"updatedBy":"%s","updatedAt":"2026-12-07T05:00:00Z"}"""
        .formatted(attributes, OWNER));
  }

  private static void publishApplied(DesiredChange... changes) {
    long rev = CloudStandIn.current.publish(changes);
    await().atMost(WAIT).until(() -> CloudStandIn.current.acked() >= rev);
  }

  private long events(String kind, String device, String actor, String origin) {
    return jdbc.queryOne("select count(*) from events where kind = ? and device_id = ?"
        + " and actor = ? and origin = ?", rs -> rs.getLong(1), kind, device, actor, origin)
        .orElse(0L);
  }

  @Test
  void theCloudsAttributesAreSet_andALaterChangeRemovesOnlyTheCloudsOwn() {
    String device = "cloud-attr-dev-1";
    // the hub's own PutAttributes put two before the cloud did
    writes.change(List.of(new DeviceAttributeStore.Change(device,
        Map.of("local", "x", "rack", "old"), List.of())), "admin", Event.LOCAL, Instant.now());

    publishApplied(object(device, "{\"rack\":\"r7\",\"gpu-ok\":null}"));
    assertEquals(Map.of("local", "x", "rack", "r7", "gpu-ok", DeviceAttributeStore.NO_VALUE),
        attributes.custom(device));
    assertEquals(1, events("device-attributes-put", device, OWNER, Event.CLOUD));

    // rack leaves the cloud's object: it goes (the cloud owned it), local stays
    publishApplied(object(device, "{\"gpu-ok\":null}"));
    assertEquals(Map.of("local", "x", "gpu-ok", DeviceAttributeStore.NO_VALUE),
        attributes.custom(device));
    assertEquals(1, events("device-attributes-deleted", device, OWNER, Event.CLOUD));

    // a local put of a name the cloud owns lasts until the cloud's next applied revision
    writes.change(List.of(new DeviceAttributeStore.Change(device,
        Map.of("gpu-ok", "no"), List.of())), "admin", Event.LOCAL, Instant.now());
    publishApplied(object("cloud-attr-other", "{\"lane\":\"2\"}"));
    assertEquals(Map.of("local", "x", "gpu-ok", DeviceAttributeStore.NO_VALUE),
        attributes.custom(device));
    assertEquals(Map.of("lane", "2"), attributes.custom("cloud-attr-other"));

    // the object goes: what it held goes, the hub's own stays
    publishApplied(new DesiredChange(DesiredKind.DEVICE_ATTRIBUTES, device, ChangeOp.DELETE,
        null));
    assertEquals(Map.of("local", "x"), attributes.custom(device));
  }

  @Test
  void anObjectTheHubsRulesRefuse_isRejected_andChangesNothing() {
    String device = "cloud-attr-dev-2";
    publishApplied(object(device, "{\"ecs.os-type\":\"linux\",\"ok\":\"1\"}"));
    assertEquals(Map.of(), attributes.custom(device));
    assertEquals(1L, jdbc.queryOne("select count(*) from events where kind ="
        + " 'cloud-object-rejected' and reason like ?", rs -> rs.getLong(1),
        "%attributes.ecs.os-type%").orElseThrow());
  }
}
