package dev.backroom.hub.core.scheduler;

import static dev.backroom.hub.core.scheduler.Fixtures.ARM64;
import static dev.backroom.hub.core.scheduler.Fixtures.alloc;
import static dev.backroom.hub.core.scheduler.Fixtures.allocPorts;
import static dev.backroom.hub.core.scheduler.Fixtures.device;
import static dev.backroom.hub.core.scheduler.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Host ports as a device resource, and the task definition's own placement rules
 * (placementConstraints, runtimePlatform) joined with the service's. Same table form as
 * {@link SchedulerTest}.
 */
class SchedulerPlacementRulesTest {
  private static final String IN_USE = "host port 8080/tcp in use on the device (service ";

  static Stream<SchedulerTest.Case> cases() {
    return Stream.of(
        new SchedulerTest.Case("staticHostPort_sameServiceTwice_nextDeviceThenUnplaced",
            List.of(device("d1").build(), device("d2").build()),
            List.of(),
            List.of(request("r1", "web").port(80, 8080).build(),
                request("r2", "web").port(80, 8080).build(),
                request("r3", "web").port(80, 8080).build()),
            List.of("r1 -> d1", "r2 -> d2",
                "r3 unplaced: d1=" + IN_USE + "web); d2=" + IN_USE + "web)")),
        new SchedulerTest.Case("samePort_otherProtocol_fits",
            List.of(device("d1").build()),
            List.of(allocPorts("d1", "dns-tcp", "53/tcp")),
            List.of(request("r1", "dns-udp").port(53, 53, "udp").build(),
                request("r2", "dns-udp2").port(53, 53, "udp").build()),
            List.of("r1 -> d1",
                "r2 unplaced: d1=host port 53/udp in use on the device (service dns-udp)")),
        new SchedulerTest.Case("dynamicPorts_needNone",
            List.of(device("d1").build()),
            List.of(allocPorts("d1", "other", "80/tcp", "32768/tcp")),
            List.of(request("r1", "web").port(80, 0).build(),
                request("r2", "web").port(80, null).build(),
                request("r3", "web").networkMode("bridge").port(80, null, "udp").build()),
            List.of("r1 -> d1", "r2 -> d1", "r3 -> d1")),
        new SchedulerTest.Case("hostMode_containerPortIsTheHostPort",
            List.of(device("d1").build()),
            List.of(allocPorts("d1", "old", "8080/tcp")),
            List.of(request("r1", "collector").networkMode("host").port(8080, null).build(),
                request("r2", "api").networkMode("host").port(9090, 9090).build()),
            List.of("r1 unplaced: d1=" + IN_USE + "old)", "r2 -> d1")),
        new SchedulerTest.Case("hostModeAndBridgeHostPort_sameNumber_collide",
            List.of(device("d1").build()),
            List.of(),
            List.of(request("a", "collector").networkMode("host").port(8080, null).build(),
                request("b", "web").networkMode("bridge").port(80, 8080).build()),
            List.of("a -> d1", "b unplaced: d1=" + IN_USE + "collector)")),
        new SchedulerTest.Case("noneMode_bindsNothing",
            List.of(device("d1").build()),
            List.of(allocPorts("d1", "old", "8080/tcp")),
            List.of(request("r1", "batch").networkMode("none").build()),
            List.of("r1 -> d1")),
        new SchedulerTest.Case("taskOutsideAnyService_namedByTaskId",
            List.of(device("d1").build()),
            List.of(new Allocation("job-1", null, "d1", 0, 0, 0,
                List.of(new HostPort(8080, "tcp")))),
            List.of(request("r1", "web").port(80, 8080).build()),
            List.of("r1 unplaced: d1=host port 8080/tcp in use on the device (task job-1)")),
        new SchedulerTest.Case("portCheckedBeforeMemory_portIsTheReason",
            List.of(device("d1").memory(256).build()),
            List.of(allocPorts("d1", "old", "8080/tcp"), alloc("d1", "other", 256)),
            List.of(request("r1", "web").port(80, 8080).build()),
            List.of("r1 unplaced: d1=" + IN_USE + "old)")),
        new SchedulerTest.Case("daemons_samePortOnOneDevice_secondUnplacedThere",
            List.of(device("d1").build(), device("d2").build()),
            List.of(),
            List.of(request("alpha#0000", "alpha").port(80, 8080).pin("d1").build(),
                request("alpha#0001", "alpha").port(80, 8080).pin("d2").build(),
                request("beta#0000", "beta").port(81, 8080).pin("d1").build()),
            List.of("alpha#0000 -> d1", "alpha#0001 -> d2",
                "beta#0000 unplaced: d1=" + IN_USE + "alpha); d2=pinned to d1")),
        new SchedulerTest.Case("taskMemberOf_andServiceMemberOf_bothHold",
            List.of(device("d1").arch("arm64").attr("zone", "back").build(),
                device("d2").arch("arm64").attr("zone", "front").build(),
                device("d3").attr("zone", "front").build()),
            List.of(),
            List.of(request("r1", "pos").memberOf("attribute:zone == front")
                    .taskMemberOf(ARM64).build(),
                request("r2", "pos").memberOf("attribute:zone == front")
                    .taskMemberOf(ARM64).build()),
            List.of("r1 -> d2", "r2 -> d2")),
        new SchedulerTest.Case("taskMemberOf_failing_reasonSaysTaskDefinition",
            List.of(device("d1").attr("zone", "front").build()),
            List.of(),
            List.of(request("r1", "pos").memberOf("attribute:zone == front")
                    .taskMemberOf(ARM64).build(),
                request("r2", "pos2").taskMemberOf("attribute:zone == back").build()),
            List.of("r1 unplaced: d1=arch arm64 required (task definition)",
                "r2 unplaced: d1=constraint attribute:zone == back not met (task definition)")),
        new SchedulerTest.Case("runtimePlatformArm64_refusesX86Device",
            List.of(device("nuc").build(), device("jetson").arch("arm64").build()),
            List.of(),
            List.of(request("r1", "infer").runtimePlatform("ARM64", "LINUX").build(),
                request("r2", "infer").runtimePlatform("ARM64", "LINUX").build()),
            List.of("r1 -> jetson", "r2 -> jetson")),
        new SchedulerTest.Case("runtimePlatformArm64_onlyX86_reasonNamesIt",
            List.of(device("nuc").build()),
            List.of(),
            List.of(request("r1", "infer").runtimePlatform("ARM64", null).build()),
            List.of("r1 unplaced: nuc=arch arm64 required (runtimePlatform ARM64)")),
        new SchedulerTest.Case("runtimePlatformX86_linux_fitsX86Only",
            List.of(device("d1").arch("arm64").build(), device("d2").build()),
            List.of(),
            List.of(request("r1", "web").runtimePlatform("X86_64", "LINUX").build()),
            List.of("r1 -> d2")),
        new SchedulerTest.Case("runtimePlatformUnknownValues_neverIgnored",
            List.of(device("d1").build()),
            List.of(),
            List.of(request("r1", "web").runtimePlatform("MIPS", null).build(),
                request("r2", "web2").runtimePlatform(null, "WINDOWS_SERVER_2022_CORE").build()),
            List.of("r1 unplaced: d1=runtimePlatform cpuArchitecture 'MIPS' not supported: "
                    + "X86_64 or ARM64",
                "r2 unplaced: d1=runtimePlatform operatingSystemFamily "
                    + "'WINDOWS_SERVER_2022_CORE' not supported: devices run LINUX")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void place(SchedulerTest.Case c) {
    SchedulerResult result = Scheduler.place(c.requests(), c.devices(), c.existing(), 42L);
    assertEquals(c.want(), SchedulerTest.render(result), c.name());
  }

  /** Verifies that a daemon's match takes the task definition's own rules, not its ports. */
  @Test
  void mismatch_taskLevelRulesCount_portsDoNot() {
    TaskDefinition arm = Fixtures.taskDefinition(64, 0, 0, "host",
        List.of(Fixtures.port(8080, null, null)), null, new RuntimePlatform("ARM64", "LINUX"));
    assertEquals("arch arm64 required (runtimePlatform ARM64)",
        Scheduler.mismatch(arm, List.of(), device("nuc").build()));
    assertNull(Scheduler.mismatch(arm, null, device("jetson").arch("arm64").build()));
    TaskDefinition zoned = Fixtures.taskDefinition(64, 0, 0, null, null,
        List.of(PlacementConstraint.memberOf("attribute:zone == front")), null);
    assertEquals("constraint attribute:zone == front not met (task definition)",
        Scheduler.mismatch(zoned, List.of(), device("d1").attr("zone", "back").build()));
    assertEquals("arch arm64 required", Scheduler.mismatch(zoned,
        List.of(PlacementConstraint.memberOf(ARM64)), device("d1").attr("zone", "front").build()));
  }

  @Test
  void hostPorts_staticOnly_sortedWithoutRepeats() {
    TaskDefinition bridge = Fixtures.taskDefinition(64, 0, 0, null, List.of(
        Fixtures.port(443, 8443, null), Fixtures.port(80, 0, null), Fixtures.port(53, 53, "udp"),
        Fixtures.port(81, null, "udp"), Fixtures.port(444, 8443, "tcp")), null, null);
    assertEquals(List.of(new HostPort(53, "udp"), new HostPort(8443, "tcp")), HostPort.of(bridge));
    TaskDefinition host = Fixtures.taskDefinition(64, 0, 0, "host", List.of(
        Fixtures.port(9100, null, null), Fixtures.port(5353, 5353, "udp")), null, null);
    assertEquals(List.of(new HostPort(5353, "udp"), new HostPort(9100, "tcp")), HostPort.of(host));
    assertEquals(List.of(), HostPort.of(null));
  }
}
