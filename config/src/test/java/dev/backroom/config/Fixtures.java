package dev.backroom.config;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Fixture builders for specs. Each starts from a minimal valid value, so a test states only the
 * field it breaks.
 */
public final class Fixtures {
  private Fixtures() {}

  /** A valid task definition: family {@code web}, one container {@code app} with 64 MiB. */
  public static TaskDef taskDef() {
    return new TaskDef().container(container("app"));
  }

  /** A valid container: busybox with a 64 MiB hard limit. */
  public static Container container(String name) {
    return new Container(name);
  }

  /** A valid service: {@code web-svc} running 2 copies of {@code web}. */
  public static Svc service() {
    return new Svc();
  }

  public static final class TaskDef {
    private String family = "web";
    private Integer revision;
    private final List<ContainerDefinition> containers = new ArrayList<>();
    private boolean nullContainers;
    private Integer cpu;
    private Integer memory;
    private String networkMode;
    private final List<Volume> volumes = new ArrayList<>();

    public TaskDef family(String v) {
      family = v;
      return this;
    }

    public TaskDef revision(Integer v) {
      revision = v;
      return this;
    }

    public TaskDef cpu(Integer v) {
      cpu = v;
      return this;
    }

    public TaskDef memory(Integer v) {
      memory = v;
      return this;
    }

    public TaskDef networkMode(String v) {
      networkMode = v;
      return this;
    }

    public TaskDef volume(String name, String hostPath) {
      volumes.add(new Volume(name, hostPath == null ? null : new Volume.Host(hostPath)));
      return this;
    }

    public TaskDef container(Container c) {
      containers.add(c.build());
      return this;
    }

    /** Replaces the default container {@code app} through {@code change}. */
    public TaskDef app(UnaryOperator<Container> change) {
      containers.set(0, change.apply(Fixtures.container("app")).build());
      return this;
    }

    public TaskDef noContainers() {
      containers.clear();
      return this;
    }

    public TaskDef nullContainers() {
      nullContainers = true;
      return this;
    }

    public TaskDefinition build() {
      return new TaskDefinition(family, revision, nullContainers ? null : List.copyOf(containers),
          cpu, memory, networkMode, volumes.isEmpty() ? null : List.copyOf(volumes));
    }
  }

  public static final class Container {
    private String name;
    private String image = "busybox:1.36";
    private List<String> command;
    private List<KeyValuePair> environment;
    private Boolean essential;
    private Integer cpu;
    private Integer memory = 64;
    private Integer memoryReservation;
    private List<ResourceRequirement> resources;
    private List<MountPoint> mounts;
    private HealthCheck healthCheck;
    private RestartPolicy restartPolicy;

    Container(String name) {
      this.name = name;
    }

    public Container name(String v) {
      name = v;
      return this;
    }

    public Container image(String v) {
      image = v;
      return this;
    }

    public Container command(String... v) {
      command = List.of(v);
      return this;
    }

    public Container env(String name, String value) {
      environment = environment == null ? new ArrayList<>() : environment;
      environment.add(new KeyValuePair(name, value));
      return this;
    }

    public Container essential(Boolean v) {
      essential = v;
      return this;
    }

    public Container cpu(Integer v) {
      cpu = v;
      return this;
    }

    public Container memory(Integer v) {
      memory = v;
      return this;
    }

    public Container memoryReservation(Integer v) {
      memoryReservation = v;
      return this;
    }

    public Container resource(String type, String value) {
      resources = resources == null ? new ArrayList<>() : resources;
      resources.add(new ResourceRequirement(type, value));
      return this;
    }

    public Container gpus(int n) {
      return resource(ResourceRequirement.GPU, Integer.toString(n));
    }

    public Container mount(String sourceVolume, String containerPath) {
      mounts = mounts == null ? new ArrayList<>() : mounts;
      mounts.add(new MountPoint(sourceVolume, containerPath, null));
      return this;
    }

    public Container healthCheck(HealthCheck v) {
      healthCheck = v;
      return this;
    }

    public Container restartPolicy(RestartPolicy v) {
      restartPolicy = v;
      return this;
    }

    public ContainerDefinition build() {
      return new ContainerDefinition(name, image, command, null, environment, essential, cpu,
          memory, memoryReservation, resources, mounts, healthCheck, restartPolicy);
    }
  }

  public static final class Svc {
    private String serviceName = "web-svc";
    private String taskDefinition = "web";
    private Integer desiredCount = 2;
    private List<PlacementConstraint> constraints;

    public Svc serviceName(String v) {
      serviceName = v;
      return this;
    }

    public Svc taskDefinition(String v) {
      taskDefinition = v;
      return this;
    }

    public Svc desiredCount(Integer v) {
      desiredCount = v;
      return this;
    }

    public Svc constraint(String type, String expression) {
      constraints = constraints == null ? new ArrayList<>() : constraints;
      constraints.add(new PlacementConstraint(type, expression));
      return this;
    }

    public Service build() {
      return new Service(serviceName, taskDefinition, desiredCount,
          constraints == null ? null : List.copyOf(constraints));
    }
  }
}
