package dev.backroom.hub.mqtt;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 random or mutated envelopes from one enrolled, authenticated device on all its topics,
 * through the hub's real Mosquitto with its ACLs. The same {@link MessageCodec} classifies every payload in the test:
 * each one is rejected (and must be counted by the hub under the same kind and reason) or valid.
 * A valid one is sent only when it is state-neutral: a heartbeat (it moves {@code lastSeen}
 * only), a log frame (it names no open terminal or log session, so the UI bridge discards it), or a capabilities, lifecycle or status message equal to the device's current one. A
 * valid message that claims something new is a legitimate change, not junk, and is not sent.
 * "State unchanged" is then: the device's API view (lastSeen aside), its tasks, the fuzz
 * service, the device's events, and no new assignment published to it; except that the device
 * is flagged as an offender once, with every dropped message counted in its view.
 * Replay a run with {@code -Dbackroom.fuzz.seed=N}.
 */
@QuarkusTest
@TestProfile(DeviceFuzzTest.PatientLiveness.class)
class DeviceFuzzTest {
  /**
   * The shared test profile loses a device after 3 s without a heartbeat. On a loaded 2-core
   * machine the fuzz once starved the hub that long (the device was lost and its task moved, which
   * is liveness working, not a fuzz finding), so this test allows a minute: it is about drops.
   */
  public static class PatientLiveness implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("backroom.devices.heartbeat-timeout", "60s");
    }
  }

  private static final String DEVICE = "fuzz-1";
  private static final int MESSAGES = 10_000;
  private static final String FLAGGED = "device-flagged";
  /** Generous: on a loaded 2-core machine a hub start alone has taken a minute. */
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<String, Class<?>> BODY_TYPES = Map.of(Topics.CAPABILITIES,
      Capabilities.class, Topics.HEARTBEAT, Heartbeat.class, Topics.LIFECYCLE, Lifecycle.class,
      Topics.STATUS, StatusReport.class, Topics.LOGS, LogFrame.class);
  private static final List<String> KINDS = List.of(Topics.CAPABILITIES, Topics.HEARTBEAT,
      Topics.LIFECYCLE, Topics.STATUS, Topics.LOGS);

  @Inject HubMqtt mqtt;
  @Inject MeterRegistry meters;

  @Test
  void tenThousandBadEnvelopes_areDroppedAndCounted_andChangeNothing() throws Exception {
    assertTrue(BODY_TYPES.keySet().containsAll(DeviceMessageIngest.KINDS),
        "the hub ingests a kind this test cannot classify; add its body type to BODY_TYPES");
    long seed = Long.getLong("backroom.fuzz.seed", System.nanoTime());
    System.out.println("DeviceFuzzTest seed=" + seed + " (replay: -Dbackroom.fuzz.seed=" + seed + ")");
    MessageCodec codec = mqtt.codec();
    List<Assignment> assignments = new CopyOnWriteArrayList<>();
    TestDevices.Enrolled enrolled = TestDevices.enroll(DEVICE);
    try (PahoMqttTransport device = new PahoMqttTransport(enrolled.options(mqtt.brokerUri()))) {
      device.subscribe(Topics.assignment(DEVICE), 1, m -> {
        if (codec.decode(m.payload(), Topics.ASSIGNMENT, DEVICE, Assignment.class)
            instanceof Decoded.Ok<Assignment> ok) {
          assignments.add(ok.body());
        }
      });
      device.start();
      await().atMost(WAIT).until(device::isConnected);
      Map<String, Object> current = settleKeepingAlive(device, codec, assignments);
      Map<String, byte[]> baseline = new TreeMap<>();
      current.forEach((kind, body) -> baseline.put(kind, codec.encode(kind, DEVICE, 1, body)));
      baseline.put(Topics.LOGS, codec.encode(Topics.LOGS, DEVICE, 1,
          new LogFrame(DEVICE, "s1", 1, LogFrame.LINE, "hello")));

      Map<String, Double> droppedBefore = counts("backroom.mqtt.dropped");
      Map<String, Double> receivedBefore = counts("backroom.mqtt.received");
      JsonNode rawBefore = read("/api/v1/devices/" + DEVICE);
      JsonNode before = snapshot();
      int assignmentsBefore = assignments.size();

      Map<String, Double> expectDropped = new TreeMap<>();
      Map<String, Double> expectReceived = new TreeMap<>();
      EnvelopeFuzzer fuzzer = new EnvelopeFuzzer(seed, codec.maxBytes());
      int skipped = 0;
      int ignored = 0;
      long started = System.nanoTime();
      for (int sent = 0; sent < MESSAGES; ) {
        String kind = KINDS.get(fuzzer.random().nextInt(KINDS.size()));
        byte[] payload = fuzzer.next(baseline.get(kind));
        Class<?> type = BODY_TYPES.get(kind);
        if (type == null) {
          ignored++;
        } else {
          Decoded<?> d = decodeOrFail(codec, payload, kind, type, seed);
          if (d instanceof Decoded.Rejected<?> r) {
            expectDropped.merge(kind + "/" + r.reason(), 1.0, Double::sum);
          // A valid log frame names no open session here, so the bridge discards it: neutral.
          } else if (kind.equals(Topics.HEARTBEAT) || kind.equals(Topics.LOGS)
              || Objects.equals(((Decoded.Ok<?>) d).body(), current.get(kind))) {
            expectReceived.merge(kind, 1.0, Double::sum);
          } else {
            skipped++;
            continue;
          }
        }
        send(device, kind, payload);
        sent++;
        // Flow control: QoS 0 messages beyond a client's queue are the broker's to drop, and a
        // lost message is not the hub's doing. So at most 256 counted messages are in flight.
        double inFlight = sent - ignored;
        if (inFlight - processed(droppedBefore, receivedBefore) > 256) {
          await().atMost(WAIT).until(() -> inFlight - processed(droppedBefore, receivedBefore) <= 64);
        }
      }

      double expectedTotal = MESSAGES - ignored;
      await().atMost(WAIT).until(() -> processed(droppedBefore, receivedBefore) >= expectedTotal);
      Thread.sleep(300);
      Map<String, Double> dropped = delta(counts("backroom.mqtt.dropped"), droppedBefore);
      assertEquals(expectDropped, dropped, "seed " + seed);
      assertEquals(expectReceived, delta(counts("backroom.mqtt.received"), receivedBefore), "seed " + seed);
      System.out.printf("DeviceFuzzTest: %d sent in %d ms, %.0f dropped, %.0f valid, %d logs ignored,"
          + " %d valid state changes not sent; drops by reason %s%n", MESSAGES,
          (System.nanoTime() - started) / 1_000_000, total(dropped), total(expectReceived), ignored,
          skipped, dropped);

      assertTrue(device.isConnected(), "the fuzzing device was disconnected");
      double heartbeats = counts("backroom.mqtt.received").getOrDefault(Topics.HEARTBEAT, 0.0);
      send(device, Topics.HEARTBEAT, baseline.get(Topics.HEARTBEAT));
      await().atMost(WAIT).until(() ->
          counts("backroom.mqtt.received").getOrDefault(Topics.HEARTBEAT, 0.0) > heartbeats);
      given().get("/q/health/ready").then().statusCode(200);
      assertEquals(before, snapshot(), "seed " + seed);
      // The one change a bad device may cause: it is flagged, once, and its offences counted.
      JsonNode rawAfter = read("/api/v1/devices/" + DEVICE);
      assertEquals(rawBefore.path("malformedMessages").asLong() + (long) total(dropped),
          rawAfter.path("malformedMessages").asLong(), "seed " + seed);
      assertTrue(rawAfter.path("flagged").asBoolean(), "thousands of malformed messages, not flagged");
      await().atMost(WAIT).untilAsserted(() -> assertEquals(1, flaggedEvents(), "device-flagged events"));
      assertEquals(assignmentsBefore, assignments.size(), "a new assignment was published");
    } finally {
      given().delete("/api/v1/services/fuzz-svc");
    }
  }

  /**
   * {@link #settle} with a heartbeat every 500 ms, so a slow machine cannot lose the device
   * meanwhile; then waits until the hub has counted every one of them, so the fuzz's counts
   * start from quiet. During the fuzz its own valid heartbeats keep the device alive.
   */
  private Map<String, Object> settleKeepingAlive(PahoMqttTransport device, MessageCodec codec,
      List<Assignment> assignments) throws InterruptedException {
    byte[] heartbeat = codec.encode(Topics.HEARTBEAT, DEVICE, 1, new Heartbeat(DEVICE, 1, 0, 0));
    AtomicInteger sent = new AtomicInteger();
    ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor();
    double before = counts("backroom.mqtt.received").getOrDefault(Topics.HEARTBEAT, 0.0);
    keeper.scheduleAtFixedRate(() -> {
      if (device.publish(Topics.heartbeat(DEVICE), heartbeat, 1, false)) {
        sent.incrementAndGet();
      }
    }, 0, 500, TimeUnit.MILLISECONDS);
    try {
      return settle(device, codec, assignments);
    } finally {
      keeper.shutdown();
      assertTrue(keeper.awaitTermination(5, TimeUnit.SECONDS));
      await().atMost(WAIT).until(() -> counts("backroom.mqtt.received")
          .getOrDefault(Topics.HEARTBEAT, 0.0) >= before + sent.get());
    }
  }

  /**
   * Registers the device, runs one task of a service pinned to it, reports it running, and
   * waits for the deployment to complete: from then on nothing changes unless a message does it.
   * Returns the device's current message of each ingested kind.
   */
  private Map<String, Object> settle(PahoMqttTransport device, MessageCodec codec,
      List<Assignment> assignments) {
    Capabilities caps = new Capabilities(DEVICE, "fuzzarch", "linux", 2, 2048, 0,
        Map.of("ecs.cpu-architecture", "fuzzarch", "ecs.os-type", "linux", "fuzz", "yes"), "test");
    send(device, Topics.CAPABILITIES, codec.encode(Topics.CAPABILITIES, DEVICE, 1, caps));
    given().contentType("application/json").body("""
        {"family":"fuzz-td","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":16}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
    given().contentType("application/json").body("""
        {"serviceName":"fuzz-svc","taskDefinition":"fuzz-td","desiredCount":1,"healthCheckGracePeriodSeconds":0,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:fuzz == yes"}]}""")
        .post("/api/v1/services").then().statusCode(201);
    await().atMost(WAIT).until(() -> !assignments.isEmpty() && !last(assignments).tasks().isEmpty());
    Assignment a = last(assignments);
    StatusReport status = new StatusReport(DEVICE, a.generation(), a.tasks().stream()
        .map(t -> new TaskStatus(t.taskId(), t.serviceName(), t.specHash(), TaskStatus.RUNNING,
            "UNKNOWN", List.of(new ContainerStatus("main", "c-" + t.taskId(), "running", null,
                "UNKNOWN", 0, null)))).toList());
    send(device, Topics.STATUS, codec.encode(Topics.STATUS, DEVICE, 2, status));
    await().atMost(WAIT).until(() -> "COMPLETED".equals(given().get("/api/v1/services/fuzz-svc/deployments")
        .then().extract().path("[0].rolloutState")));
    assertEquals(a, last(assignments), "the assignment moved while settling");
    return Map.of(Topics.CAPABILITIES, caps,
        Topics.HEARTBEAT, new Heartbeat(DEVICE, 1, a.generation(), a.tasks().size()),
        Topics.LIFECYCLE, new Lifecycle(DEVICE, Lifecycle.ONLINE, null),
        Topics.STATUS, status);
  }

  /**
   * The device's view, its tasks, the fuzz service and the device's events, without what a
   * malformed or valid message may legitimately move: lastSeen (heartbeats), and the offender
   * flag, offence count and {@code device-flagged} event (checked on their own).
   */
  private JsonNode snapshot() throws Exception {
    ObjectNode s = Json.mapper().createObjectNode();
    ObjectNode device = (ObjectNode) read("/api/v1/devices/" + DEVICE);
    device.remove(List.of("lastSeen", "flagged", "malformedMessages"));
    s.set("device", device);
    ArrayNode tasks = s.putArray("tasks");
    read("/api/v1/tasks?desiredStatus=ALL").forEach(t -> {
      if (DEVICE.equals(t.path("deviceId").asText())) {
        tasks.add(t);
      }
    });
    s.set("service", read("/api/v1/services/fuzz-svc"));
    s.set("deployments", read("/api/v1/services/fuzz-svc/deployments"));
    ArrayNode events = s.putArray("events");
    read("/api/v1/events?deviceId=" + DEVICE).forEach(e -> {
      if (!FLAGGED.equals(e.path("kind").asText())) {
        events.add(e);
      }
    });
    return s;
  }

  private static long flaggedEvents() throws Exception {
    long n = 0;
    for (JsonNode e : read("/api/v1/events?deviceId=" + DEVICE)) {
      n += FLAGGED.equals(e.path("kind").asText()) ? 1 : 0;
    }
    return n;
  }

  private static JsonNode read(String path) throws Exception {
    return Json.mapper().readTree(given().get(path).then().statusCode(200).extract().asString());
  }

  private static Decoded<?> decodeOrFail(MessageCodec codec, byte[] payload, String kind,
      Class<?> type, long seed) {
    try {
      return codec.decode(payload, kind, DEVICE, type);
    } catch (RuntimeException | StackOverflowError e) {
      return fail("MessageCodec threw on a " + kind + " payload (seed " + seed + ")", e);
    }
  }

  private static void send(PahoMqttTransport device, String kind, byte[] payload) {
    assertTrue(device.publish(Topics.device(DEVICE, kind), payload, 1, false), "publish failed");
  }

  /** Counter values keyed kind/reason (dropped) or kind (received). */
  private Map<String, Double> counts(String name) {
    Map<String, Double> m = new TreeMap<>();
    for (Counter c : meters.find(name).counters()) {
      String reason = c.getId().getTag("reason");
      m.merge(c.getId().getTag("kind") + (reason == null ? "" : "/" + reason), c.count(), Double::sum);
    }
    return m;
  }

  /** Messages the hub has counted, dropped or received, since the given counts. */
  private double processed(Map<String, Double> droppedBefore, Map<String, Double> receivedBefore) {
    return total(delta(counts("backroom.mqtt.dropped"), droppedBefore))
        + total(delta(counts("backroom.mqtt.received"), receivedBefore));
  }

  private static Map<String, Double> delta(Map<String, Double> now, Map<String, Double> before) {
    Map<String, Double> d = new TreeMap<>();
    now.forEach((k, v) -> {
      double change = v - before.getOrDefault(k, 0.0);
      if (change != 0) {
        d.put(k, change);
      }
    });
    return d;
  }

  private static double total(Map<String, Double> m) {
    return m.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static Assignment last(List<Assignment> list) {
    return list.get(list.size() - 1);
  }
}
