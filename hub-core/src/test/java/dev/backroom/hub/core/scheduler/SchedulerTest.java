package dev.backroom.hub.core.scheduler;

import static dev.backroom.hub.core.scheduler.Fixtures.ARM64;
import static dev.backroom.hub.core.scheduler.Fixtures.alloc;
import static dev.backroom.hub.core.scheduler.Fixtures.device;
import static dev.backroom.hub.core.scheduler.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulerTest {

  /**
   * One scenario. {@code want} lists every request in id order, either {@code "r1 -> d1"} or
   * {@code "r1 unplaced: d1=reason; d2=reason"}.
   */
  record Case(
      String name,
      List<DeviceSnapshot> devices,
      List<Allocation> existing,
      List<PlacementRequest> requests,
      List<String> want) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("gpuTask_onlyOnGpuDevice",
            List.of(device("d1").memory(8192).build(), device("d2").gpus(1).build()),
            List.of(),
            List.of(request("r1", "ml").gpus(1).build(), request("r2", "ml").gpus(1).build()),
            List.of("r1 -> d2", "r2 unplaced: d1=needs 1 GPU, 0 free; d2=needs 1 GPU, 0 free")),
        new Case("memberOfArm64_onlyOnArm64",
            List.of(device("d1").memory(8192).build(), device("d2").arch("arm64").build()),
            List.of(),
            List.of(request("r1", "web").memberOf(ARM64).build(),
                request("r2", "web").memberOf(ARM64).build()),
            List.of("r1 -> d2", "r2 -> d2")),
        new Case("memberOfArm64_noArmDevice_reasonNamesArch",
            List.of(device("d1").build()),
            List.of(),
            List.of(request("r1", "web").memberOf(ARM64).build()),
            List.of("r1 unplaced: d1=arch arm64 required")),
        new Case("memberOfCustomAttribute_reasonQuotesExpression",
            List.of(device("d1").attr("zone", "back").build(),
                device("d2").attr("zone", "front").build()),
            List.of(),
            List.of(request("r1", "pos").memberOf("attribute:zone in [front]").build(),
                request("r2", "pos").memberOf("attribute:zone == till").build()),
            List.of("r1 -> d2", "r2 unplaced: d1=constraint attribute:zone == till not met; "
                + "d2=constraint attribute:zone == till not met")),
        new Case("memoryExhaustion_restUnplacedWithReasonPerDevice",
            List.of(device("d1").memory(512).build(), device("d2").memory(384).build()),
            List.of(alloc("d2", "other", 128)),
            List.of(request("r1", "web").build(), request("r2", "web").build(),
                request("r3", "web").build(), request("r4", "web").build()),
            List.of("r1 -> d1", "r2 -> d2", "r3 -> d1",
                "r4 unplaced: d1=needs 256 MiB, 0 free; d2=needs 256 MiB, 0 free")),
        new Case("memoryPartlyUsed_reasonShowsWhatIsFree",
            List.of(device("d1").memory(256).build()),
            List.of(alloc("d1", "other", 128)),
            List.of(request("r1", "web").build()),
            List.of("r1 unplaced: d1=needs 256 MiB, 128 free")),
        new Case("cpuReservedOnlyWhenAsked",
            List.of(device("d1").cpuUnits(1024).build()),
            List.of(new Allocation("t0", "other", "d1", 1024, 0, 0)),
            List.of(request("r1", "web").cpuUnits(512).build(), request("r2", "web").build()),
            List.of("r1 unplaced: d1=needs 512 CPU units, 0 free", "r2 -> d1")),
        new Case("spread_acrossTwoEqualDevices",
            List.of(device("d1").build(), device("d2").build()),
            List.of(),
            List.of(request("r1", "web").build(), request("r2", "web").build(),
                request("r3", "web").build(), request("r4", "web").build()),
            List.of("r1 -> d1", "r2 -> d2", "r3 -> d1", "r4 -> d2")),
        new Case("spread_sameServiceCountsBeforeTotalLoad",
            List.of(device("d1").build(), device("d2").build()),
            List.of(alloc("d1", "other", 0), alloc("d1", "other2", 0), alloc("d2", "web", 0)),
            List.of(request("r1", "web").build()),
            List.of("r1 -> d1")),
        new Case("spread_mostFreeMemoryBeforeDeviceId",
            List.of(device("d1").memory(1024).build(), device("d2").memory(2048).build()),
            List.of(),
            List.of(request("r1", "web").build()),
            List.of("r1 -> d2")),
        new Case("tie_brokenByDeviceId_whateverInputOrder",
            List.of(device("d2").build(), device("d3").build(), device("d1").build()),
            List.of(),
            List.of(request("r1", "web").build()),
            List.of("r1 -> d1")),
        new Case("requests_processedInIdOrder",
            List.of(device("d1").memory(256).build(), device("d2").memory(256).build()),
            List.of(),
            List.of(request("b", "web").build(), request("a", "api").build()),
            List.of("a -> d1", "b -> d2")),
        new Case("distinctInstance_oneTaskPerDevice",
            List.of(device("d1").build(), device("d2").build(), device("d3").build()),
            List.of(alloc("d1", "web", 0)),
            List.of(request("r1", "web").distinctInstance().build(),
                request("r2", "web").distinctInstance().build(),
                request("r3", "web").distinctInstance().build()),
            List.of("r1 -> d2", "r2 -> d3",
                "r3 unplaced: d1=distinctInstance: already runs a task of this service; "
                    + "d2=distinctInstance: already runs a task of this service; "
                    + "d3=distinctInstance: already runs a task of this service")),
        new Case("distinctDeviceAlias_behavesLikeDistinctInstance",
            List.of(device("d1").build()),
            List.of(alloc("d1", "web", 0)),
            List.of(request("r1", "web").constraint("distinctDevice", null).build()),
            List.of("r1 unplaced: d1=distinctInstance: already runs a task of this service")),
        new Case("nonReadyDevices_skipped",
            List.of(device("d1").memory(65536).lost().build(),
                device("d2").memory(65536).draining().build(),
                device("d3").memory(65536).held().build(), device("d4").build()),
            List.of(),
            List.of(request("r1", "web").build()),
            List.of("r1 -> d4")),
        new Case("nonReady_reportedBeforeOtherChecks_withCondition",
            List.of(device("d1").lost().build(), device("d2").draining().build(),
                device("d3").held().build()),
            List.of(),
            List.of(request("r1", "web").gpus(1).memberOf(ARM64).build()),
            List.of("r1 unplaced: d1=not schedulable: lost; d2=not schedulable: draining; "
                + "d3=not schedulable: held")),
        new Case("pinned_onlyThatDevice_evenWhenOthersScoreBetter",
            List.of(device("d1").memory(8192).build(), device("d2").build()),
            List.of(alloc("d2", "web", 1024)),
            List.of(request("r1", "web").pin("d2").build()),
            List.of("r1 -> d2")),
        new Case("pinned_stillFeasibilityChecked_othersReportPin",
            List.of(device("d1").gpus(1).build(), device("d2").build(),
                device("d3").draining().build()),
            List.of(),
            List.of(request("r1", "ml").gpus(1).pin("d2").build(),
                request("r2", "ml").pin("d3").build(),
                request("r3", "ml").pin("gone").build()),
            List.of("r1 unplaced: d1=pinned to d2; d2=needs 1 GPU, 0 free; d3=pinned to d2",
                "r2 unplaced: d1=pinned to d3; d2=pinned to d3; d3=not schedulable: draining",
                "r3 unplaced: d1=pinned to gone; d2=pinned to gone; d3=pinned to gone")),
        new Case("binpackMemory_fillsFullestFeasibleDeviceFirst",
            List.of(device("d1").build(), device("d2").build(), device("d3").build()),
            List.of(alloc("d2", "other", 1024), alloc("d3", "other", 2048)),
            List.of(request("r1", "web").memory(1024).binpack("memory").build(),
                request("r2", "web").memory(1024).binpack("memory").build(),
                request("r3", "web").memory(1024).binpack("memory").build()),
            List.of("r1 -> d3", "r2 -> d3", "r3 -> d2")),
        new Case("spread_sameDevices_spreadsInstead",
            List.of(device("d1").build(), device("d2").build(), device("d3").build()),
            List.of(alloc("d2", "other", 1024), alloc("d3", "other", 2048)),
            List.of(request("r1", "web").memory(1024).build(),
                request("r2", "web").memory(1024).build(),
                request("r3", "web").memory(1024).build()),
            List.of("r1 -> d1", "r2 -> d2", "r3 -> d3")),
        new Case("binpackCpu_leastCpuLeft_ignoresMemory",
            List.of(device("d1").cpuUnits(2048).memory(1024).build(),
                device("d2").cpuUnits(4096).memory(512).build()),
            List.of(),
            List.of(request("r1", "web").cpuUnits(512).binpack("cpu").build()),
            List.of("r1 -> d1")),
        new Case("spreadByAttribute_fewestPerValue_missingAttributeLast",
            List.of(device("d1").attr("zone", "front").build(),
                device("d2").attr("zone", "front").build(),
                device("d3").attr("zone", "back").build(), device("d4").build()),
            List.of(),
            List.of(request("r1", "pos").spreadBy("zone").build(),
                request("r2", "pos").spreadBy("zone").build(),
                request("r3", "pos").spreadBy("zone").build(),
                request("r4", "pos").spreadBy("zone").build()),
            List.of("r1 -> d1", "r2 -> d3", "r3 -> d2", "r4 -> d3")),
        new Case("spreadByAttribute_countsExistingTasks_notOnDrainingDevices",
            List.of(device("d1").attr("zone", "front").build(),
                device("d2").attr("zone", "back").build(),
                device("d3").attr("zone", "back").draining().build()),
            List.of(alloc("d1", "pos", 0), alloc("d3", "pos", 0)),
            List.of(request("r1", "pos").spreadBy("zone").build()),
            List.of("r1 -> d2")),
        new Case("spreadByAttribute_onlyDevicesWithoutIt_stillPlaced",
            List.of(device("d1").build()),
            List.of(),
            List.of(request("r1", "pos").spreadBy("zone").build()),
            List.of("r1 -> d1")),
        new Case("strategies_firstDecidesMost_thenNext",
            List.of(device("d1").attr("zone", "a").build(),
                device("d2").attr("zone", "a").build(),
                device("d3").attr("zone", "b").build()),
            List.of(alloc("d2", "other", 2048)),
            List.of(request("r1", "web").spreadBy("zone").binpack("memory").build(),
                request("r2", "web").spreadBy("zone").binpack("memory").build(),
                request("r3", "web").spreadBy("zone").binpack("memory").build()),
            List.of("r1 -> d2", "r2 -> d3", "r3 -> d2")),
        new Case("unknownStrategy_ignored_stillPlaced",
            List.of(device("d1").build(), device("d2").build()),
            List.of(alloc("d1", "web", 0)),
            List.of(request("r1", "web").strategy("random", null).build()),
            List.of("r1 -> d2")),
        new Case("invalidExpression_unplacedWithParserReason",
            List.of(device("d1").build()),
            List.of(),
            List.of(request("r1", "web").memberOf("attribute:zone ==").build()),
            List.of("r1 unplaced: d1=constraint attribute:zone == invalid: "
                + "expected a value after == at end of expression")),
        new Case("unknownConstraintType_neverIgnored",
            List.of(device("d1").build()),
            List.of(),
            List.of(request("r1", "web").constraint("spread", "attribute:zone").build()),
            List.of("r1 unplaced: d1=constraint type 'spread' not supported")),
        new Case("noDevices_unplacedWithoutReasons",
            List.of(),
            List.of(),
            List.of(request("r1", "web").build()),
            List.of("r1 unplaced: ")),
        new Case("allocationOnUnknownDevice_ignored",
            List.of(device("d1").memory(256).build()),
            List.of(alloc("gone", "web", 4096)),
            List.of(request("r1", "web").build()),
            List.of("r1 -> d1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void place(Case c) {
    SchedulerResult result = Scheduler.place(c.requests(), c.devices(), c.existing(), 42L);
    assertResults(c, result);
  }

  @Test
  void oldFourArgRequest_spreadsWithoutPin() {
    PlacementRequest r = new PlacementRequest("r1", "web", null, null);
    assertEquals(List.of(dev.backroom.config.model.PlacementStrategy.spread()), r.strategies());
    assertNull(r.pinnedDeviceId());
  }

  /** Verifies that a daemon's match ignores load and condition but not attributes or GPUs. */
  @Test
  void mismatch_attributesAndGpuCount_notLoadOrCondition() {
    var arm = List.of(dev.backroom.config.model.PlacementConstraint.memberOf(ARM64));
    assertNull(Scheduler.mismatch(Fixtures.taskDefinition(8192, 8192, 0), arm,
        device("d1").arch("arm64").memory(256).draining().build()));
    assertEquals("arch arm64 required",
        Scheduler.mismatch(null, arm, device("d1").build()));
    assertEquals("needs 1 GPU, 0 free",
        Scheduler.mismatch(Fixtures.taskDefinition(0, 0, 1), List.of(), device("d1").build()));
  }

  private static void assertResults(Case c, SchedulerResult result) {
    assertEquals(c.want(), render(result), c.name());
  }

  /** The result as one line per request, in request id order. */
  static List<String> render(SchedulerResult result) {
    Map<String, String> lines = new TreeMap<>();
    for (Placement p : result.placed()) {
      lines.put(p.requestId(), p.requestId() + " -> " + p.deviceId());
    }
    for (Unplaced u : result.unplaced()) {
      String reasons = u.reasonByDevice().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; "));
      lines.put(u.requestId(), u.requestId() + " unplaced: " + reasons);
    }
    return new ArrayList<>(lines.values());
  }
}
