package dev.backroom.hub.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants over generated scenarios. The oracle here recomputes feasibility from the raw inputs
 * with its own arithmetic, so it does not share a bug with the checks it verifies.
 */
class SchedulerPropertyTest {
  static final int CASES = 200;

  record Scenario(
      long seed,
      List<DeviceSnapshot> devices,
      List<Allocation> existing,
      List<PlacementRequest> requests) {
    @Override
    public String toString() {
      return "seed " + seed;
    }
  }

  static List<Scenario> scenarios() {
    return LongStream.range(0, CASES).mapToObj(SchedulerPropertyTest::generate).toList();
  }

  static Scenario generate(long seed) {
    Random r = new Random(seed);
    List<DeviceSnapshot> devices = ScenarioGen.devices(r, 6);
    List<String> services = List.of("s0", "s1", "s2", "s3");
    List<Allocation> existing = new ArrayList<>();
    for (DeviceSnapshot d : devices) {
      for (int i = r.nextInt(3); i > 0; i--) {
        List<HostPort> ports = r.nextInt(3) != 0 ? List.of()
            : List.of(new HostPort(List.of(80, 8080, 9000).get(r.nextInt(3)),
                r.nextInt(3) == 0 ? "udp" : "tcp"));
        existing.add(new Allocation("t-" + d.deviceId() + "-" + i, services.get(r.nextInt(4)),
            d.deviceId(), r.nextBoolean() ? 0 : 512, 64L * r.nextInt(8),
            r.nextInt(6) == 0 ? 1 : 0, ports));
      }
    }
    Map<String, TaskDefinition> defs = new HashMap<>();
    Map<String, List<PlacementConstraint>> constraints = new HashMap<>();
    Map<String, List<PlacementStrategy>> strategies = new HashMap<>();
    for (String s : services) {
      defs.put(s, ScenarioGen.taskDefinitionWithRules(r));
      constraints.put(s, ScenarioGen.constraints(r));
      strategies.put(s, ScenarioGen.strategies(r));
    }
    List<PlacementRequest> requests = new ArrayList<>();
    for (int i = r.nextInt(13); i > 0; i--) {
      String s = services.get(r.nextInt(services.size()));
      String pin = r.nextInt(5) != 0 ? null : "d" + r.nextInt(devices.size() + 2);
      requests.add(new PlacementRequest("r" + i, s, defs.get(s), constraints.get(s),
          strategies.get(s), pin));
    }
    return new Scenario(seed, devices, existing, requests);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyRequest_placedOrUnplacedExactlyOnce(Scenario s) {
    SchedulerResult result = place(s);
    List<String> seen = new ArrayList<>();
    result.placed().forEach(p -> seen.add(p.requestId()));
    result.unplaced().forEach(u -> seen.add(u.requestId()));
    Collections.sort(seen);
    List<String> want = s.requests().stream().map(PlacementRequest::requestId).sorted().toList();
    assertEquals(want, seen);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void neverPlacedOnInfeasibleDevice(Scenario s) {
    SchedulerResult result = place(s);
    Map<String, PlacementRequest> byId = byId(s);
    Map<String, DeviceSnapshot> devices = devicesById(s);
    Usage usage = Usage.of(s, result);
    for (Placement p : result.placed()) {
      PlacementRequest req = byId.get(p.requestId());
      DeviceSnapshot d = devices.get(p.deviceId());
      assertTrue(d != null && d.schedulable(), p + " on a device that is not READY");
      assertTrue(req.pinnedDeviceId() == null || req.pinnedDeviceId().equals(d.deviceId()),
          p + " ignores its pin " + req.pinnedDeviceId());
      assertTrue(memberOfHolds(req, d), p + " violates memberOf");
      TaskDefinition td = req.taskDefinition();
      Usage.Totals t = usage.on(d.deviceId());
      if (td.requiredGpus() > 0 && t.gpus > d.gpus()) {
        fail(p + " overcommits GPUs: " + t.gpus + " > " + d.gpus());
      }
      if (td.requiredMemoryMiB() > 0 && t.memory > d.memoryMiB()) {
        fail(p + " overcommits memory: " + t.memory + " > " + d.memoryMiB());
      }
      if (td.requiredCpuUnits() > 0 && t.cpu > d.cpuUnits()) {
        fail(p + " overcommits CPU: " + t.cpu + " > " + d.cpuUnits());
      }
      if (isDistinct(req) && t.count(req.serviceName()) > 1) {
        fail(p + " breaks distinctInstance");
      }
      for (String port : staticPorts(td)) {
        if (t.ports(port) != 1) {
          fail(p + " shares host port " + port + " (" + t.ports(port) + " holders)");
        }
      }
    }
  }

  /**
   * Verifies that a request is only left unplaced when no device could take it even now: usage
   * only grows during a call, so what did not fit then cannot fit at the end.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void neverUnplacedWhenSomeDeviceFits(Scenario s) {
    SchedulerResult result = place(s);
    Map<String, PlacementRequest> byId = byId(s);
    Usage usage = Usage.of(s, result);
    for (Unplaced u : result.unplaced()) {
      PlacementRequest req = byId.get(u.requestId());
      TaskDefinition td = req.taskDefinition();
      for (DeviceSnapshot d : s.devices()) {
        Usage.Totals t = usage.on(d.deviceId());
        boolean fits = d.schedulable()
            && (req.pinnedDeviceId() == null || req.pinnedDeviceId().equals(d.deviceId()))
            && memberOfHolds(req, d)
            && (td.requiredGpus() == 0 || t.gpus + td.requiredGpus() <= d.gpus())
            && (td.requiredMemoryMiB() == 0 || t.memory + td.requiredMemoryMiB() <= d.memoryMiB())
            && (td.requiredCpuUnits() == 0 || t.cpu + td.requiredCpuUnits() <= d.cpuUnits())
            && !(isDistinct(req) && t.count(req.serviceName()) > 0)
            && staticPorts(td).stream().allMatch(p -> t.ports(p) == 0);
        assertTrue(!fits, u.requestId() + " left unplaced but fits " + d.deviceId());
        assertTrue(u.reasonByDevice().containsKey(d.deviceId()), "no reason for " + d);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sameInputAndSeed_sameOutput_whateverInputOrder(Scenario s) {
    SchedulerResult first = place(s);
    assertEquals(first, place(s));
    Random shuffle = new Random(s.seed());
    List<DeviceSnapshot> devices = new ArrayList<>(s.devices());
    List<Allocation> existing = new ArrayList<>(s.existing());
    List<PlacementRequest> requests = new ArrayList<>(s.requests());
    Collections.shuffle(devices, shuffle);
    Collections.shuffle(existing, shuffle);
    Collections.shuffle(requests, shuffle);
    assertEquals(first, Scheduler.place(requests, devices, existing, s.seed()));
  }

  /** Verifies that the generator reaches the rules above, so the oracles are not vacuous. */
  @org.junit.jupiter.api.Test
  void theGeneratedScenariosHitPortsAndTaskLevelRules() {
    int portRefusals = 0;
    int taskRuleRefusals = 0;
    for (Scenario s : scenarios()) {
      String reasons = place(s).unplaced().stream()
          .flatMap(u -> u.reasonByDevice().values().stream()).collect(Collectors.joining("|"));
      portRefusals += reasons.contains("host port") ? 1 : 0;
      taskRuleRefusals += reasons.contains("(runtimePlatform") || reasons.contains("(task def")
          ? 1 : 0;
    }
    assertTrue(portRefusals >= 20, "scenarios refusing a host port: " + portRefusals);
    assertTrue(taskRuleRefusals >= 10, "scenarios refusing by task rules: " + taskRuleRefusals);
  }

  private static SchedulerResult place(Scenario s) {
    return Scheduler.place(s.requests(), s.devices(), s.existing(), s.seed());
  }

  /** The service's memberOf, the task definition's and its runtimePlatform's, all at once. */
  private static boolean memberOfHolds(PlacementRequest req, DeviceSnapshot d) {
    List<PlacementConstraint> all = new ArrayList<>(req.constraints());
    all.addAll(req.taskDefinition().taskPlacementConstraints());
    boolean arch = req.taskDefinition().runtimePlatform() == null
        || req.taskDefinition().runtimePlatform().cpuArchitecture().toLowerCase()
            .equals(d.attributes().get("ecs.cpu-architecture"));
    return arch && all.stream()
        .filter(c -> c.type().equals(PlacementConstraint.MEMBER_OF))
        .allMatch(c -> ConstraintParser.parse(c.expression()).test(d.attributes()));
  }

  /** "8080/tcp" for each host port the task binds, computed here from the raw mappings. */
  static List<String> staticPorts(TaskDefinition td) {
    List<String> out = new ArrayList<>();
    boolean host = "host".equals(td.networkMode());
    for (var c : td.containers()) {
      for (var m : c.ports()) {
        Integer port = host ? m.containerPort() : m.hostPort();
        if (port != null && port != 0) {
          out.add(port + "/" + (m.protocol() == null ? "tcp" : m.protocol()));
        }
      }
    }
    return out;
  }

  private static boolean isDistinct(PlacementRequest req) {
    return req.constraints().stream()
        .anyMatch(c -> c.type().equals(PlacementConstraint.DISTINCT_INSTANCE));
  }

  private static Map<String, PlacementRequest> byId(Scenario s) {
    return s.requests().stream().collect(Collectors.toMap(PlacementRequest::requestId, r -> r));
  }

  private static Map<String, DeviceSnapshot> devicesById(Scenario s) {
    return s.devices().stream().collect(Collectors.toMap(DeviceSnapshot::deviceId, d -> d));
  }

  /** Final usage per device: existing allocations plus every placement of the call. */
  record Usage(Map<String, Totals> byDevice) {
    static final class Totals {
      long memory;
      long cpu;
      long gpus;
      final Map<String, Integer> byService = new HashMap<>();
      final Map<String, Integer> byPort = new HashMap<>();

      int count(String service) {
        return byService.getOrDefault(service, 0);
      }

      int ports(String port) {
        return byPort.getOrDefault(port, 0);
      }

      void add(String service, long cpuUnits, long memoryMiB, long gpuCount) {
        cpu += cpuUnits;
        memory += memoryMiB;
        gpus += gpuCount;
        byService.merge(service, 1, Integer::sum);
      }
    }

    static Usage of(Scenario s, SchedulerResult result) {
      Map<String, Totals> m = new HashMap<>();
      for (Allocation a : s.existing()) {
        Totals t = m.computeIfAbsent(a.deviceId(), k -> new Totals());
        t.add(a.serviceName(), a.cpuUnits(), a.memoryMiB(), a.gpus());
        a.hostPorts().forEach(p -> t.byPort.merge(p.port() + "/" + p.protocol(), 1, Integer::sum));
      }
      Map<String, PlacementRequest> byId = byId(s);
      for (Placement p : result.placed()) {
        TaskDefinition td = byId.get(p.requestId()).taskDefinition();
        Totals t = m.computeIfAbsent(p.deviceId(), k -> new Totals());
        t.add(byId.get(p.requestId()).serviceName(), td.requiredCpuUnits(),
            td.requiredMemoryMiB(), td.requiredGpus());
        staticPorts(td).forEach(port -> t.byPort.merge(port, 1, Integer::sum));
      }
      return new Usage(m);
    }

    Totals on(String deviceId) {
      return byDevice.getOrDefault(deviceId, new Totals());
    }
  }
}
