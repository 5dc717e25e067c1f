package dev.backroom.hub.views;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.devices.DeviceAttributeStore;
import dev.backroom.hub.devices.DeviceControl;
import dev.backroom.hub.devices.DeviceControlStore;
import dev.backroom.hub.devices.DeviceCredential;
import dev.backroom.hub.devices.DeviceCredentialStore;
import dev.backroom.hub.devices.DeviceOffences;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.devices.DeviceState;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.mqtt.message.Capabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The device views of {@code GET /api/v1/devices}, for the resource and for callers that are not
 * HTTP requests (the sync upstream): the resource is guarded by @RolesAllowed, which a
 * background thread has no identity to pass.
 */
@ApplicationScoped
public class DeviceViews {
  @Inject DeviceRegistry devices;
  @Inject TaskStore tasks;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject DeviceControlStore controls;
  @Inject DeviceOffences offences;
  @Inject DeviceCredentialStore credentials;
  @Inject DeviceAttributeStore attributes;

  public List<DeviceView> list() {
    Map<String, List<TaskStore.ActiveTask>> byDevice = tasks.listActiveBrief().stream()
        .collect(Collectors.groupingBy(TaskStore.ActiveTask::deviceId));
    Map<String, DeviceControl> ctl = controls.all();
    Set<String> revoked = credentials.list().stream()
        .filter(DeviceCredential::revoked)
        .map(DeviceCredential::deviceId)
        .collect(Collectors.toSet());
    return devices.all().stream().map(d -> view(d, ctl.get(d.deviceId()),
        byDevice.getOrDefault(d.deviceId(), List.of()), revoked)).toList();
  }

  private DeviceView view(DeviceState d, DeviceControl ctl, List<TaskStore.ActiveTask> active,
      Set<String> revoked) {
    Capabilities c = d.capabilities();
    long cpu = 0;
    long mem = 0;
    long gpus = 0;
    for (TaskStore.ActiveTask t : active) {
      TaskDefinition td = taskDefinitions.find(t.taskFamily(), t.taskRevision()).orElseThrow();
      cpu += td.requiredCpuUnits();
      mem += td.requiredMemoryMiB();
      gpus += td.requiredGpus();
    }
    DeviceView.Resources registered = new DeviceView.Resources(c.cpus() * 1024L, c.memoryMiB(), c.gpus());
    DeviceView.Resources remaining = new DeviceView.Resources(registered.cpu() - cpu,
        registered.memory() - mem, registered.gpus() - gpus);
    long running = active.stream().filter(TaskStore.ActiveTask::running).count();
    boolean available = devices.available(d);
    String status = !available ? "LOST" : ctl == null ? "ACTIVE" : ctl.held() ? "HELD"
        : ctl.drainedAt() != null ? "DRAINED" : ctl.draining() ? "DRAINING" : "ACTIVE";
    return new DeviceView(c.deviceId(), status, d.connected(), devices.lastSeen(d),
        c.agentVersion(), attributes.effective(c), registered, remaining, running, active.size() - running,
        revoked.contains(c.deviceId()), offences.isFlagged(c.deviceId()),
        offences.malformed(c.deviceId()));
  }
}
