package dev.backroom.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.backroom.mqtt.message.StatusReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
  private final HubLink link = new HubLink(ID, transport, codec, caps, received::add,
      connects::incrementAndGet, Clock.systemUTC());

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
  void malformedAssignments_areDroppedAndCounted_goodOnesPassed() {
    link.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    Assignment good = Fixtures.assignment(2, Fixtures.task("t1", "h", Fixtures.container("a")));
    transport.deliver(Topics.assignment(ID), "garbage".getBytes(StandardCharsets.UTF_8));
    transport.deliver(Topics.assignment(ID), codec.encode(Topics.STATUS, ID, 1,
        new StatusReport(ID, 1, List.of())));
    transport.deliver(Topics.assignment(ID), codec.encode(Topics.ASSIGNMENT, "dev-b", 1,
        Assignment.empty("dev-b")));
    transport.deliver(Topics.assignment(ID), new byte[0]);
    transport.deliver(Topics.assignment(ID), codec.encode(Topics.ASSIGNMENT, ID, 1, good));
    assertEquals(4, link.rejectedAssignments());
    assertEquals(List.of(good), received);
  }

  @Test
  void malformedCommands_areDroppedAndCounted_goodOnesPassed_andLogFramesGoOutAtQos0() {
    List<DeviceCommand> commands = new CopyOnWriteArrayList<>();
    link.onCommand(commands::add);
    link.start(Duration.ofHours(1), () -> 0, () -> 0);
    transport.connect(false);
    DeviceCommand good = DeviceCommand.of(ID, DeviceCommand.RESTART, null, "t1");
    transport.deliver(Topics.commands(ID), "{".getBytes(StandardCharsets.UTF_8));
    transport.deliver(Topics.commands(ID), codec.encode(Topics.COMMANDS, ID, 1,
        DeviceCommand.of(ID, "format-disk", null, "t1")));
    transport.deliver(Topics.commands(ID), codec.encode(Topics.COMMANDS, "dev-b", 1,
        DeviceCommand.of("dev-b", DeviceCommand.RESTART, null, "t1")));
    transport.deliver(Topics.commands(ID), codec.encode(Topics.COMMANDS, ID, 1, good));
    assertEquals(3, link.rejectedCommands());
    assertEquals(List.of(good), commands);

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
}
