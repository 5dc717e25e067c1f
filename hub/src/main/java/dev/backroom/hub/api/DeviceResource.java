package dev.backroom.hub.api;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.devices.DeviceState;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.mqtt.message.Capabilities;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** ECS DescribeContainerInstances for the store: every device, its liveness and resources. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {
  @Inject DeviceRegistry devices;
  @Inject TaskStore tasks;
  @Inject TaskDefinitionStore taskDefinitions;

  @GET
  public List<DeviceView> list() {
    Instant now = Instant.now();
    Map<String, List<TaskRecord>> byDevice = tasks.listActive().stream()
        .collect(Collectors.groupingBy(TaskRecord::deviceId));
    return devices.all().stream()
        .map(d -> view(d, byDevice.getOrDefault(d.deviceId(), List.of()), now)).toList();
  }

  private DeviceView view(DeviceState d, List<TaskRecord> active, Instant now) {
    Capabilities c = d.capabilities();
    long cpu = 0;
    long mem = 0;
    long gpus = 0;
    for (TaskRecord t : active) {
      TaskDefinition td = taskDefinitions.find(t.taskFamily(), t.taskRevision()).orElseThrow();
      cpu += td.requiredCpuUnits();
      mem += td.requiredMemoryMiB();
      gpus += td.requiredGpus();
    }
    DeviceView.Resources registered = new DeviceView.Resources(c.cpus() * 1024L, c.memoryMiB(), c.gpus());
    DeviceView.Resources remaining = new DeviceView.Resources(registered.cpu() - cpu,
        registered.memory() - mem, registered.gpus() - gpus);
    long running = active.stream().filter(t -> TaskRecord.RUNNING.equals(t.lastStatus())).count();
    boolean available = d.availableAt(now, devices.heartbeatTimeout());
    return new DeviceView(c.deviceId(), available ? "ACTIVE" : "LOST", d.connected(), d.lastSeen(),
        c.agentVersion(), c.attributes(), registered, remaining, running, active.size() - running);
  }
}
