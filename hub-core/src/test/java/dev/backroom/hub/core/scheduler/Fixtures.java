package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.DeviceAttributes;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for scheduler inputs, with defaults that fit anything unless a test says otherwise. */
public final class Fixtures {
  public static final String ARM64 = "attribute:ecs.cpu-architecture == arm64";

  private Fixtures() {}

  public static DeviceBuilder device(String id) {
    return new DeviceBuilder(id);
  }

  public static RequestBuilder request(String requestId, String serviceName) {
    return new RequestBuilder(requestId, serviceName);
  }

  public static Allocation alloc(String deviceId, String serviceName, long memoryMiB) {
    return new Allocation("existing-" + deviceId + "-" + serviceName, serviceName, deviceId, 0,
        memoryMiB, 0);
  }

  /** A task already on {@code deviceId} that binds {@code ports} ("8080/tcp"). */
  public static Allocation allocPorts(String deviceId, String serviceName, String... ports) {
    List<HostPort> held = new ArrayList<>();
    for (String p : ports) {
      String[] parts = p.split("/");
      held.add(new HostPort(Integer.parseInt(parts[0]), parts[1]));
    }
    return new Allocation("existing-" + deviceId + "-" + serviceName, serviceName, deviceId, 0, 0,
        0, held);
  }

  /** A container mapping {@code containerPort} to {@code hostPort} (null: absent). */
  public static PortMapping port(int containerPort, Integer hostPort, String protocol) {
    return new PortMapping(containerPort, hostPort, protocol, null, null, null, null);
  }

  /** A one-container task definition; {@code cpuUnits} 0 leaves cpu unset, as most do. */
  public static TaskDefinition taskDefinition(int memoryMiB, int cpuUnits, int gpus) {
    List<ResourceRequirement> gpu = gpus == 0
        ? null
        : List.of(new ResourceRequirement(ResourceRequirement.GPU, Integer.toString(gpus)));
    ContainerDefinition c = new ContainerDefinition("app", "busybox", null, null, null, null,
        cpuUnits == 0 ? null : cpuUnits, memoryMiB, null, gpu, null, null, null);
    return new TaskDefinition("fam", 1, List.of(c), null, null, null, null);
  }

  /**
   * A one-container task definition with the placement-relevant fields the short form leaves
   * out: network mode, port mappings, task-level constraints and runtime platform (each may be
   * null).
   */
  public static TaskDefinition taskDefinition(int memoryMiB, int cpuUnits, int gpus,
      String networkMode, List<PortMapping> ports, List<PlacementConstraint> taskConstraints,
      RuntimePlatform platform) {
    TaskDefinition base = taskDefinition(memoryMiB, cpuUnits, gpus);
    ContainerDefinition c = base.containers().get(0);
    ContainerDefinition withPorts = new ContainerDefinition(c.name(), c.image(), null, null, null,
        null, c.cpu(), c.memory(), null, c.resourceRequirements(), null, null, null,
        ports == null || ports.isEmpty() ? null : List.copyOf(ports), null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
    return new TaskDefinition("fam", 1, List.of(withPorts), null, null, networkMode, null, null,
        null, null, null,
        taskConstraints == null || taskConstraints.isEmpty() ? null : taskConstraints, platform);
  }

  /** A device with 4 CPUs, 4 GiB, no GPU, x86_64, READY. */
  public static final class DeviceBuilder {
    private final String id;
    private final Map<String, String> attributes = new HashMap<>();
    private int cpuUnits = 4096;
    private long memoryMiB = 4096;
    private int gpus;
    private DeviceCondition condition = DeviceCondition.READY;

    private DeviceBuilder(String id) {
      this.id = id;
      attributes.put(DeviceAttributes.CPU_ARCHITECTURE, "x86_64");
      attributes.put(DeviceAttributes.OS_TYPE, "linux");
      attributes.put(DeviceAttributes.DEVICE_ID, id);
    }

    public DeviceBuilder arch(String arch) {
      return attr(DeviceAttributes.CPU_ARCHITECTURE, arch);
    }

    public DeviceBuilder attr(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    public DeviceBuilder cpuUnits(int units) {
      cpuUnits = units;
      return this;
    }

    public DeviceBuilder memory(long mib) {
      memoryMiB = mib;
      return this;
    }

    public DeviceBuilder gpus(int n) {
      gpus = n;
      attributes.put(DeviceAttributes.GPU_COUNT, Integer.toString(n));
      return this;
    }

    public DeviceBuilder condition(DeviceCondition c) {
      condition = c;
      return this;
    }

    public DeviceBuilder lost() {
      return condition(DeviceCondition.LOST);
    }

    public DeviceBuilder draining() {
      return condition(DeviceCondition.DRAINING);
    }

    public DeviceBuilder held() {
      return condition(DeviceCondition.HELD);
    }

    public DeviceSnapshot build() {
      return new DeviceSnapshot(id, attributes, cpuUnits, memoryMiB, gpus, condition);
    }
  }

  /** A request for 256 MiB, no CPU reservation, no GPU, no constraints, default strategy. */
  public static final class RequestBuilder {
    private final String requestId;
    private final String serviceName;
    private int memoryMiB = 256;
    private int cpuUnits;
    private int gpus;
    private final List<PlacementConstraint> constraints = new ArrayList<>();
    private final List<PlacementStrategy> strategies = new ArrayList<>();
    private String pin;
    private String networkMode;
    private final List<PortMapping> ports = new ArrayList<>();
    private final List<PlacementConstraint> taskConstraints = new ArrayList<>();
    private RuntimePlatform platform;

    private RequestBuilder(String requestId, String serviceName) {
      this.requestId = requestId;
      this.serviceName = serviceName;
    }

    public RequestBuilder memory(int mib) {
      memoryMiB = mib;
      return this;
    }

    public RequestBuilder cpuUnits(int units) {
      cpuUnits = units;
      return this;
    }

    public RequestBuilder gpus(int n) {
      gpus = n;
      return this;
    }

    public RequestBuilder memberOf(String expression) {
      constraints.add(PlacementConstraint.memberOf(expression));
      return this;
    }

    public RequestBuilder distinctInstance() {
      constraints.add(new PlacementConstraint(PlacementConstraint.DISTINCT_INSTANCE, null));
      return this;
    }

    public RequestBuilder constraint(String type, String expression) {
      constraints.add(new PlacementConstraint(type, expression));
      return this;
    }

    public RequestBuilder strategy(String type, String field) {
      strategies.add(new PlacementStrategy(type, field));
      return this;
    }

    public RequestBuilder binpack(String field) {
      return strategy(PlacementStrategy.BINPACK, field);
    }

    public RequestBuilder spreadBy(String attribute) {
      return strategy(PlacementStrategy.SPREAD, "attribute:" + attribute);
    }

    public RequestBuilder pin(String deviceId) {
      pin = deviceId;
      return this;
    }

    public RequestBuilder networkMode(String mode) {
      networkMode = mode;
      return this;
    }

    /** A tcp mapping; {@code hostPort} null leaves it absent. */
    public RequestBuilder port(int containerPort, Integer hostPort) {
      return port(containerPort, hostPort, null);
    }

    public RequestBuilder port(int containerPort, Integer hostPort, String protocol) {
      ports.add(Fixtures.port(containerPort, hostPort, protocol));
      return this;
    }

    /** A memberOf constraint of the task definition rather than of the service. */
    public RequestBuilder taskMemberOf(String expression) {
      taskConstraints.add(PlacementConstraint.memberOf(expression));
      return this;
    }

    public RequestBuilder runtimePlatform(String cpuArchitecture, String osFamily) {
      platform = new RuntimePlatform(cpuArchitecture, osFamily);
      return this;
    }

    public PlacementRequest build() {
      TaskDefinition td = networkMode == null && ports.isEmpty() && taskConstraints.isEmpty()
          && platform == null
          ? taskDefinition(memoryMiB, cpuUnits, gpus)
          : taskDefinition(memoryMiB, cpuUnits, gpus, networkMode, ports, taskConstraints,
              platform);
      return new PlacementRequest(requestId, serviceName, td, constraints, strategies, pin);
    }
  }
}
