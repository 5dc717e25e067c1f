package dev.backroom.hub.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DeviceLoad#of} sums in one go what {@link DeviceLoad#plus} adds one at a time. */
class DeviceLoadTest {
  @Test
  void of_equalsPlusForEachAllocationInTurn() {
    DeviceSnapshot d = Fixtures.device("dev-1").build();
    Random r = new Random(42);
    for (int round = 0; round < 200; round++) {
      List<Allocation> allocations = new ArrayList<>();
      DeviceLoad stepwise = DeviceLoad.empty(d);
      for (int i = 0, n = r.nextInt(12); i < n; i++) {
        String service = r.nextInt(4) == 0 ? null : "svc-" + r.nextInt(3);
        Allocation a = new Allocation("t" + i, service, "dev-1", r.nextInt(512), r.nextInt(256),
            r.nextInt(2));
        allocations.add(a);
        stepwise = stepwise.plus(a.serviceName(), a.cpuUnits(), a.memoryMiB(), a.gpus());
      }
      assertEquals(stepwise, DeviceLoad.of(d, allocations), "round " + round);
    }
  }

  @Test
  void ports_ofAllocationsEqualPlusOfTheSameTask_andDoubleHoldersResolveByName() {
    DeviceSnapshot d = Fixtures.device("dev-1").build();
    PlacementRequest web = Fixtures.request("r1", "web").port(80, 8080).port(53, 53, "udp").build();
    DeviceLoad placed = DeviceLoad.empty(d).plus(TaskRequest.of(web));
    DeviceLoad existing = DeviceLoad.of(d, List.of(Allocation.of("t1", "web", "dev-1",
        web.taskDefinition())));
    assertEquals(existing, placed);
    assertEquals("service web", placed.holderOf(new HostPort(8080, "tcp")));
    assertEquals(null, placed.holderOf(new HostPort(8080, "udp")));
    List<Allocation> both = new ArrayList<>(List.of(
        Fixtures.allocPorts("dev-1", "zeta", "8080/tcp"),
        Fixtures.allocPorts("dev-1", "alpha", "8080/tcp")));
    assertEquals("service alpha", DeviceLoad.of(d, both).holderOf(new HostPort(8080, "tcp")));
    java.util.Collections.reverse(both);
    assertEquals("service alpha", DeviceLoad.of(d, both).holderOf(new HostPort(8080, "tcp")));
  }
}
