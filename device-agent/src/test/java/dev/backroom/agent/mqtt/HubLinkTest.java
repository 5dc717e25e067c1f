package dev.backroom.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.loop.MutableClock;
import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.signing.EnvelopeSigner;
import dev.backroom.mqtt.signing.EnvelopeVerifier;
import dev.backroom.mqtt.signing.SigningKeys;
import java.security.KeyPair;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubLinkTest {
  private static final String ID = "dev-a";
  private final MessageCodec codec = new MessageCodec();
  private final FakeTransport transport = new FakeTransport();
  private final List<Assignment> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger connects = new AtomicInteger();
  private final Capabilities caps = new Capabilities(ID, "arm64", "linux", 4, 1024, 1,
      Map.of("ecs.cpu-architecture", "arm64"), "test");
  private static final KeyPair HUB = SigningKeys.generate();
  private static final KeyPair ROGUE = SigningKeys.generate();
  private final EnvelopeSigner hub = new EnvelopeSigner(HUB, MessageCodec.DEFAULT_MAX_BYTES);
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
  private final HubLink link = new HubLink(ID, transport, codec,
      new EnvelopeVerifier(HUB.getPublic(), codec), caps, received::add,
      connects::incrementAndGet, clock);
  private static final long NOW = 1_800_000_000_000L;
  private static final long EPOCH = 1_790_000_000_000L;

  private byte[] signed(String device, Assignment a, long epoch) {
    return hub.sign(Topics.ASSIGNMENT, device, NOW, epoch, 0, a);
  }

  private byte[] command(DeviceCommand c, long epoch, long seq, long ts) {
    return hub.sign(Topics.COMMANDS, c.deviceId(), ts, epoch, seq, c);
  }

  @AfterEach
  void tearDown() {
    link.close();
  }

  private <T> T body(FakeTransport.Published p, String type, Class<T> cls) {
    return cls.cast(assertInstanceOf(Decoded.Ok.class,
        codec.decode(p.payload(), type, ID, cls)).body());
  }

  @Test
  void onConnect_announcesRetained_thenSubscribesToItsAssignmentAndCommands() {
    link.start(Duration.ofHours(1), () -> 3, () -> 1);
    transport.connect(false);
    assertEquals(List.of(Topics.lifecycle(ID), Topics.capabilities(ID)),
        transport.published.stream().map(FakeTransport.Published::topic).toList());
    assertTrue(transport.published.stream().allMatch(p -> p.retained() && p.qos() == 1));
    assertEquals(Lifecycle.ONLINE,
        body(transport.published.get(0), Topics.LIFECYCLE, Lifecycle.class).state());
    assertEquals(caps, body(transport.published.get(1), Topics.CAPABILITIES, Capabilities.class));
    assertEquals(List.of(Topics.assignment(ID) + "@1", Topics.commands(ID) + "@1"),
        transport.subscriptions);
    assertEquals(1, connects.get());

    transport.connect(true);
    assertEquals(List.of(Topics.assignment(ID) + "@1", Topics.commands(ID) + "@1"),
        transport.subscriptions, "the transport restores the subscriptions; they are not doubled");
    assertEquals(4, transport.published.size());
  }

  @Test
  void onlyAssignmentsTheHubSignedForThisDevice_arePassed_withTheirEpoch_restRefusedByReason() {
    link.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    Assignment good = Fixtures.assignment(2, Fixtures.task("t1", "h", Fixtures.container("a")));
    Assignment forged = new Assignment(ID, 999_999, good.tasks());
    transport.deliver(Topics.assignment(ID), "garbage".getBytes(StandardCharsets.UTF_8));
    transport.deliver(Topics.assignment(ID), new byte[0]);
    // what the Will attack delivered: well-formed, high generation, unsigned
    transport.deliver(Topics.assignment(ID), codec.encode(Topics.ASSIGNMENT, ID, 1, forged));
    transport.deliver(Topics.assignment(ID), new EnvelopeSigner(ROGUE,
        MessageCodec.DEFAULT_MAX_BYTES).sign(Topics.ASSIGNMENT, ID, NOW, EPOCH, 0, forged));
    byte[] tampered = signed(ID, good, EPOCH);
    String t = new String(tampered, StandardCharsets.UTF_8).replace("\"generation\":2",
        "\"generation\":9");
    transport.deliver(Topics.assignment(ID), t.getBytes(StandardCharsets.UTF_8));
    // the hub really signed these, but for another device and for the commands topic
    transport.deliver(Topics.assignment(ID), signed("dev-b", new Assignment("dev-b", 999_999,
        good.tasks()), EPOCH));
    transport.deliver(Topics.assignment(ID), command(DeviceCommand.of(ID, DeviceCommand.RESTART,
        null, "t1"), EPOCH, 1, NOW));
    transport.deliver(Topics.assignment(ID), signed(ID, good, EPOCH));

    assertEquals(7, link.rejectedAssignments());
    assertEquals(Map.of("assignment:unsigned", 3L, "assignment:wrong_key", 1L,
        "assignment:bad_signature", 1L, "assignment:wrong_device", 1L,
        "assignment:wrong_type", 1L), link.refusals());
    assertEquals(List.of(good.withEpoch(EPOCH)), received);
  }

  @Test
  void commands_mustBeSignedForThisDevice_andFresh() {
    List<DeviceCommand> commands = new CopyOnWriteArrayList<>();
    link.onCommand(commands::add);
    link.storedEpoch(EPOCH);
    link.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    DeviceCommand restart = DeviceCommand.of(ID, DeviceCommand.RESTART, null, "t1");
    DeviceCommand input = new DeviceCommand(ID, DeviceCommand.EXEC_INPUT, "s-1", null, null,
        "bHMK", null, null);
    byte[] first = command(input, EPOCH, 5, NOW);
    transport.deliver(Topics.commands(ID), "{".getBytes(StandardCharsets.UTF_8));
    transport.deliver(Topics.commands(ID), codec.encode(Topics.COMMANDS, ID, NOW, restart));
    transport.deliver(Topics.commands(ID), command(DeviceCommand.of("dev-b",
        DeviceCommand.RESTART, null, "t1"), EPOCH, 1, NOW));
    transport.deliver(Topics.commands(ID), command(restart, EPOCH - 1, 99, NOW)); // older epoch
    transport.deliver(Topics.commands(ID), first);
    transport.deliver(Topics.commands(ID), first); // replayed
    transport.deliver(Topics.commands(ID), command(input, EPOCH, 4, NOW)); // older sequence
    transport.deliver(Topics.commands(ID), command(restart, EPOCH, 6,
        NOW - CommandFreshness.SKEW.toMillis() - 1));
    transport.deliver(Topics.commands(ID), command(restart, EPOCH, 7,
        NOW + CommandFreshness.SKEW.toMillis())); // at the edge of the window: fresh

    assertEquals(List.of(input, restart), commands);
    assertEquals(7, link.rejectedCommands());
    assertEquals(Map.of("command:unsigned", 2L,
        "command:wrong_device", 1L, "command:replayed", 3L, "command:clock_skew", 1L),
        link.refusals());
  }

  @Test
  void aVerifiedAssignmentOfANewHubEpoch_resetsTheCommandSequence_andRefusesOlderEpochs() {
    List<DeviceCommand> commands = new CopyOnWriteArrayList<>();
    link.onCommand(commands::add);
    link.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    DeviceCommand restart = DeviceCommand.of(ID, DeviceCommand.RESTART, null, "t1");
    transport.deliver(Topics.commands(ID), command(restart, EPOCH, 50, NOW));
    // the hub restarted: a new epoch, its sequence starting over
    transport.deliver(Topics.assignment(ID), signed(ID, Assignment.empty(ID), EPOCH + 10));
    transport.deliver(Topics.commands(ID), command(restart, EPOCH, 51, NOW));
    transport.deliver(Topics.commands(ID), command(restart, EPOCH + 10, 1, NOW));

    assertEquals(2, commands.size());
    assertEquals(Map.of("command:replayed", 1L), link.refusals());
  }

  @Test
  void logFramesGoOutAtQos0() {
    link.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    assertTrue(link.publishLog(new LogFrame(ID, "s1", 1, LogFrame.LINE, "hello")));
    FakeTransport.Published p = transport.published.get(transport.published.size() - 1);
    assertEquals(Topics.logs(ID), p.topic());
    assertEquals(0, p.qos());
    assertFalse(p.retained());
    assertEquals("hello", body(p, Topics.LOGS, LogFrame.class).data());
  }

  @Test
  void heartbeat_carriesGenerationAndRunningTasks() {
    link.start(Duration.ofMillis(20), () -> 7, () -> 2);
    transport.connect(false);
    FakeTransport.Published hb = Awaitility.await().until(() -> transport.published.stream()
        .filter(p -> p.topic().equals(Topics.heartbeat(ID))).findFirst().orElse(null),
        p -> p != null);
    Heartbeat h = body(hb, Topics.HEARTBEAT, Heartbeat.class);
    assertEquals(7, h.generation());
    assertEquals(2, h.runningTasks());
    assertFalse(hb.retained());
  }

  @Test
  void close_saysOfflineRetained() {
    link.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    link.close();
    FakeTransport.Published last = transport.published.get(transport.published.size() - 1);
    assertEquals(Topics.lifecycle(ID), last.topic());
    assertTrue(last.retained());
    assertEquals(Lifecycle.OFFLINE, body(last, Topics.LIFECYCLE, Lifecycle.class).state());
    assertTrue(transport.closed);
  }

  @Test
  void lastWill_isOfflineOnTheLifecycleTopic() {
    var o = HubLink.options("tcp://127.0.0.1:1883", ID, codec, 1);
    assertEquals("agent-" + ID, o.clientId());
    assertEquals(Topics.lifecycle(ID), o.willTopic());
    Decoded<Lifecycle> d = codec.decode(o.willPayload(), Topics.LIFECYCLE, ID, Lifecycle.class);
    assertEquals(Lifecycle.OFFLINE, ((Decoded.Ok<Lifecycle>) d).body().state());
  }

  @Test
  void everyMessageOnTheAssignmentTopic_isAnnouncedBeforeItIsVerified_verifiedOrNot() {
    List<String> order = new CopyOnWriteArrayList<>();
    HubLink announcing = new HubLink(ID, transport, codec,
        new EnvelopeVerifier(HUB.getPublic(), codec), caps, a -> order.add("verified"),
        () -> {}, clock);
    announcing.onAssignmentArriving(() -> order.add("arriving"));
    announcing.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    transport.deliver(Topics.assignment(ID), "garbage".getBytes(StandardCharsets.UTF_8));
    transport.deliver(Topics.assignment(ID), signed(ID, Fixtures.assignment(1), EPOCH));
    assertEquals(List.of("arriving", "arriving", "verified"), order);
    announcing.close();
  }
}
