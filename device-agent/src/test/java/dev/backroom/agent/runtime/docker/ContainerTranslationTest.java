package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.VolumesFrom;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The translation table: an ECS container definition (JSON, as posted) in, the exact docker-java
 * create request out, one row per honoured field. The agent runs with {@code --bridge-network
 * store-net} and the default 30 s stop timeout; the container's environment files hold
 * {@code FROM_FILE=f} and {@code SHARED=file}; its task's {@code src} container is
 * {@code backroom-t-1-src}.
 */
class ContainerTranslationTest {
  static final RuntimeOptions OPTIONS = RuntimeOptions.defaults().withBridgeNetwork("store-net")
      .withWorkloadEnv(List.of("BACKROOM_TOKEN=t", "SHARED=ours"));
  static final Map<String, String> FROM_FILES = Map.of("FROM_FILE", "f", "SHARED", "file");
  static final Map<String, String> SOURCES = Map.of("src", "backroom-t-1-src");
  static final long MIB = 1024 * 1024;

  record Row(String field, String task, Consumer<CreateContainerCmd> expect) {
    @Override
    public String toString() {
      return field;
    }
  }

  /** A task of one container {@code app} with {@code fields} added to it. */
  static String task(String taskFields, String containerFields) {
    return """
        {"family":"f",%s"containerDefinitions":[{"name":"app","image":"img","memory":64%s}]}"""
        .formatted(taskFields.isEmpty() ? "" : taskFields + ",",
            containerFields.isEmpty() ? "" : "," + containerFields);
  }

  static Row row(String field, String containerFields, Consumer<CreateContainerCmd> expect) {
    return new Row(field, task("", containerFields), expect);
  }

  static HostConfig hc(CreateContainerCmd c) {
    return c.getHostConfig();
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("networkMode absent = bridge, on --bridge-network", task("", ""), c -> {
          assertEquals("store-net", hc(c).getNetworkMode());
          assertNull(hc(c).getPortBindings());
        }),
        new Row("networkMode host: exposed, never published",
            task("\"networkMode\":\"host\"", "\"portMappings\":[{\"containerPort\":80}]"), c -> {
              assertEquals("host", hc(c).getNetworkMode());
              assertArrayEquals(new ExposedPort[] {ExposedPort.tcp(80)}, c.getExposedPorts());
              assertNull(hc(c).getPortBindings());
            }),
        new Row("networkMode none", task("\"networkMode\":\"none\"", ""), c -> {
          assertEquals("none", hc(c).getNetworkMode());
          assertEquals(0, c.getExposedPorts().length);
        }),
        row("portMappings static hostPort", "\"portMappings\":[{\"containerPort\":80,"
            + "\"hostPort\":8080}]", c -> {
              assertArrayEquals(new ExposedPort[] {ExposedPort.tcp(80)}, c.getExposedPorts());
              assertEquals(Map.of(ExposedPort.tcp(80), List.of(new Ports.Binding(null, "8080"))),
                  bindings(c));
            }),
        row("portMappings hostPort 0 and absent: Docker picks", "\"portMappings\":["
            + "{\"containerPort\":80,\"hostPort\":0},{\"containerPort\":81}]", c -> assertEquals(
                Map.of(ExposedPort.tcp(80), List.of(Ports.Binding.empty()),
                    ExposedPort.tcp(81), List.of(Ports.Binding.empty())), bindings(c))),
        row("portMappings protocol udp", "\"portMappings\":[{\"containerPort\":53,"
            + "\"hostPort\":5353,\"protocol\":\"udp\"}]", c -> assertEquals(
                Map.of(ExposedPort.udp(53), List.of(new Ports.Binding(null, "5353"))),
                bindings(c))),
        row("portMappings hostIp", "\"portMappings\":[{\"containerPort\":80,\"hostPort\":8080,"
            + "\"hostIp\":\"127.0.0.1\"}]", c -> assertEquals(Map.of(ExposedPort.tcp(80),
                List.of(new Ports.Binding("127.0.0.1", "8080"))), bindings(c))),
        row("portMappings containerPortRange: ephemeral host ports",
            "\"portMappings\":[{\"containerPortRange\":\"9000-9001\"}]", c -> assertEquals(
                Map.of(ExposedPort.tcp(9000), List.of(Ports.Binding.empty()),
                    ExposedPort.tcp(9001), List.of(Ports.Binding.empty())), bindings(c))),
        row("entryPoint and command", "\"entryPoint\":[\"sh\",\"-c\"],\"command\":[\"echo hi\"]",
            c -> {
              assertArrayEquals(new String[] {"sh", "-c"}, c.getEntrypoint());
              assertArrayEquals(new String[] {"echo hi"}, c.getCmd());
            }),
        row("user", "\"user\":\"1000:1000\"", c -> assertEquals("1000:1000", c.getUser())),
        row("workingDirectory", "\"workingDirectory\":\"/srv\"",
            c -> assertEquals("/srv", c.getWorkingDir())),
        row("environment over environmentFiles over ours", "\"environment\":[{\"name\":"
            + "\"SHARED\",\"value\":\"task\"},{\"name\":\"A\",\"value\":\"1\"}]", c -> assertEquals(
                List.of("BACKROOM_TOKEN=t", "FROM_FILE=f", "SHARED=task", "A=1"),
                List.of(c.getEnv()))),
        row("ulimits", "\"ulimits\":[{\"name\":\"nofile\",\"softLimit\":1024,"
            + "\"hardLimit\":2048}]", c -> assertArrayEquals(new com.github.dockerjava.api.model
                .Ulimit[] {new com.github.dockerjava.api.model.Ulimit("nofile", 1024L, 2048L)},
                hc(c).getUlimits())),
        row("readonlyRootFilesystem", "\"readonlyRootFilesystem\":true",
            c -> assertEquals(true, hc(c).getReadonlyRootfs())),
        row("privileged", "\"privileged\":true", c -> assertEquals(true, hc(c).getPrivileged())),
        row("linuxParameters.devices", "\"linuxParameters\":{\"devices\":[{\"hostPath\":"
            + "\"/dev/ttyUSB0\",\"containerPath\":\"/dev/scanner\",\"permissions\":[\"read\","
            + "\"write\"]},{\"hostPath\":\"/dev/video0\"}]}", c -> assertArrayEquals(new Device[] {
                new Device("rw", "/dev/scanner", "/dev/ttyUSB0"),
                new Device("rwm", "/dev/video0", "/dev/video0")}, hc(c).getDevices())),
        row("linuxParameters.initProcessEnabled", "\"linuxParameters\":{\"initProcessEnabled\":"
            + "true}", c -> assertEquals(true, hc(c).getInit())),
        row("linuxParameters.sharedMemorySize (MiB)", "\"linuxParameters\":{"
            + "\"sharedMemorySize\":128}", c -> assertEquals(128 * MIB, hc(c).getShmSize())),
        row("linuxParameters.tmpfs", "\"linuxParameters\":{\"tmpfs\":[{\"containerPath\":"
            + "\"/run\",\"size\":64,\"mountOptions\":[\"noexec\",\"nosuid\"]}]}",
            c -> assertEquals(Map.of("/run", "size=64m,noexec,nosuid"), hc(c).getTmpFs())),
        row("linuxParameters.capabilities (with or without CAP_)", "\"linuxParameters\":{"
            + "\"capabilities\":{\"add\":[\"CAP_NET_ADMIN\",\"sys_time\"],\"drop\":[\"MKNOD\"]}}",
            c -> {
              assertArrayEquals(new Capability[] {Capability.NET_ADMIN, Capability.SYS_TIME},
                  hc(c).getCapAdd());
              assertArrayEquals(new Capability[] {Capability.MKNOD}, hc(c).getCapDrop());
            }),
        row("linuxParameters.maxSwap and swappiness", "\"linuxParameters\":{\"maxSwap\":256,"
            + "\"swappiness\":10}", c -> {
              assertEquals((64 + 256) * MIB, hc(c).getMemorySwap());
              assertEquals(10L, hc(c).getMemorySwappiness());
            }),
        row("linuxParameters.maxSwap 0: no swap, ECS's swappiness 60", "\"linuxParameters\":{"
            + "\"maxSwap\":0}", c -> {
              assertEquals(64 * MIB, hc(c).getMemorySwap());
              assertEquals(60L, hc(c).getMemorySwappiness());
            }),
        row("dockerLabels never override ours", "\"dockerLabels\":{\"team\":\"ops\","
            + "\"backroom.device-id\":\"someone-else\"}", c -> {
              assertEquals("ops", c.getLabels().get("team"));
              assertEquals("dev-1", c.getLabels().get(ContainerLabels.DEVICE_ID));
              assertEquals("t/1", c.getLabels().get(ContainerLabels.TASK_ID));
            }),
        row("hostname", "\"hostname\":\"till-1\"", c -> assertEquals("till-1", c.getHostName())),
        row("extraHosts", "\"extraHosts\":[{\"hostname\":\"db\",\"ipAddress\":\"10.0.0.5\"}]",
            c -> assertArrayEquals(new String[] {"db:10.0.0.5"}, hc(c).getExtraHosts())),
        row("dnsServers and dnsSearchDomains", "\"dnsServers\":[\"10.0.0.2\"],"
            + "\"dnsSearchDomains\":[\"store.local\"]", c -> {
              assertArrayEquals(new String[] {"10.0.0.2"}, hc(c).getDns());
              assertArrayEquals(new String[] {"store.local"}, hc(c).getDnsSearch());
            }),
        row("disableNetworking", "\"disableNetworking\":true",
            c -> assertEquals(true, c.isNetworkDisabled())),
        row("interactive and pseudoTerminal", "\"interactive\":true,\"pseudoTerminal\":true",
            c -> {
              assertEquals(true, c.isStdinOpen());
              assertEquals(true, c.isTty());
            }),
        row("systemControls", "\"systemControls\":[{\"namespace\":\"net.core.somaxconn\","
            + "\"value\":\"1024\"}]", c -> assertEquals(Map.of("net.core.somaxconn", "1024"),
                hc(c).getSysctls())),
        row("dockerSecurityOptions", "\"dockerSecurityOptions\":[\"no-new-privileges\"]",
            c -> assertEquals(List.of("no-new-privileges"), hc(c).getSecurityOpts())),
        row("logConfiguration json-file with options", "\"logConfiguration\":{\"logDriver\":"
            + "\"json-file\",\"options\":{\"max-size\":\"10m\",\"max-file\":\"3\"}}", c -> {
              assertEquals(LogConfig.LoggingType.JSON_FILE, hc(c).getLogConfig().getType());
              assertEquals(Map.of("max-size", "10m", "max-file", "3"),
                  hc(c).getLogConfig().getConfig());
            }),
        row("logConfiguration local", "\"logConfiguration\":{\"logDriver\":\"local\"}",
            c -> assertEquals(LogConfig.LoggingType.LOCAL, hc(c).getLogConfig().getType())),
        row("logConfiguration absent: the engine's default", "",
            c -> assertNull(hc(c).getLogConfig().getType())),
        row("stopTimeout", "\"stopTimeout\":7", c -> {
          assertEquals(7, c.getStopTimeout());
          assertEquals("7", c.getLabels().get(ContainerLabels.STOP_TIMEOUT));
        }),
        row("stopTimeout absent: --stop-timeout", "", c -> {
          assertEquals(30, c.getStopTimeout());
          assertEquals("30", c.getLabels().get(ContainerLabels.STOP_TIMEOUT));
        }),
        row("dependsOn absent: stop rank 0", "",
            c -> assertEquals("0", c.getLabels().get(ContainerLabels.STOP_RANK))),
        new Row("dependsOn: the stop rank is the dependency depth, recorded for a later shutdown",
            """
            {"family":"f","containerDefinitions":[
              {"name":"app","image":"img","memory":64,"dependsOn":[
                {"containerName":"migrate","condition":"SUCCESS"},
                {"containerName":"db","condition":"HEALTHY"}]},
              {"name":"migrate","image":"img","memory":64,"essential":false,"dependsOn":[
                {"containerName":"db","condition":"START"}]},
              {"name":"db","image":"img","memory":64}]}""",
            c -> assertEquals("2", c.getLabels().get(ContainerLabels.STOP_RANK))),
        row("memory, memoryReservation, cpu", "\"memoryReservation\":32,\"cpu\":512", c -> {
          assertEquals(64 * MIB, hc(c).getMemory());
          assertEquals(32 * MIB, hc(c).getMemoryReservation());
          assertEquals(512, hc(c).getCpuShares());
        }),
        new Row("volumes: host bind, task-scoped, shared", """
            {"family":"f","volumes":[{"name":"cfg","host":{"sourcePath":"/srv/cfg"}},
              {"name":"cache"},{"name":"models","dockerVolumeConfiguration":{"scope":"shared",
              "autoprovision":true,"driver":"local"}}],
             "containerDefinitions":[{"name":"app","image":"img","memory":64,"mountPoints":[
              {"sourceVolume":"cfg","containerPath":"/etc/app","readOnly":true},
              {"sourceVolume":"cache","containerPath":"/cache"},
              {"sourceVolume":"models","containerPath":"/models"}]}]}""",
            c -> assertArrayEquals(new Bind[] {
                new Bind("/srv/cfg", new com.github.dockerjava.api.model.Volume("/etc/app"),
                    AccessMode.ro),
                new Bind("backroom-t-1-cache", new com.github.dockerjava.api.model.Volume(
                    "/cache"), AccessMode.rw),
                new Bind("models", new com.github.dockerjava.api.model.Volume("/models"),
                    AccessMode.rw)}, hc(c).getBinds())),
        row("volumesFrom: the source's Docker name", "\"volumesFrom\":[{\"sourceContainer\":"
            + "\"src\",\"readOnly\":true}]", c -> assertArrayEquals(new VolumesFrom[] {
                new VolumesFrom("backroom-t-1-src", AccessMode.ro)}, hc(c).getVolumesFrom())),
        row("resourceRequirements GPU with --gpu-runtime none: accounting only",
            "\"resourceRequirements\":[{\"type\":\"GPU\",\"value\":\"1\"}]",
            c -> assertNull(hc(c).getDeviceRequests())));
  }

  static Map<ExposedPort, List<Ports.Binding>> bindings(CreateContainerCmd c) {
    Map<ExposedPort, List<Ports.Binding>> out = new java.util.HashMap<>();
    hc(c).getPortBindings().getBindings().forEach((k, v) -> out.put(k, List.of(v)));
    return out;
  }

  static DesiredContainer desired(String taskJson) {
    TaskDefinition td = Json.read(taskJson, TaskDefinition.class);
    return new DesiredContainer(new ContainerKey("t/1", "app"), "svc", "hash", 3, td,
        td.containers().get(0));
  }

  static CreateContainerCmd translate(String taskJson, RuntimeOptions options) {
    CreateContainerCmd cmd = new CreateContainerCmdImpl(command -> {
      throw new AssertionError("a translation never reaches the engine");
    }, null, "img");
    DockerSpecs.apply(cmd, desired(taskJson), "dev-1", options, FROM_FILES, SOURCES);
    return cmd;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void translates(Row row) {
    row.expect().accept(translate(row.task(), OPTIONS));
  }

  static Stream<Row> refusals() {
    return Stream.of(
        row("linuxParameters.maxSwap needs the container's memory", "", null),
        row("linuxParameters.capabilities: unknown capability CAP_FLY",
            "\"linuxParameters\":{\"capabilities\":{\"add\":[\"CAP_FLY\"]}}", null),
        row("linuxParameters.devices permission execute is not read, write or mknod",
            "\"linuxParameters\":{\"devices\":[{\"hostPath\":\"/dev/null\",\"permissions\":"
                + "[\"execute\"]}]}", null),
        row("volumesFrom: container ghost of this task does not exist on the device",
            "\"volumesFrom\":[{\"sourceContainer\":\"ghost\"}]", null),
        row("logConfiguration.logDriver awslogs is not available on a device",
            "\"logConfiguration\":{\"logDriver\":\"awslogs\"}", null));
  }

  /** What cannot be honoured fails the create with a message naming the field. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refuses(Row row) {
    String task = row.field().startsWith("linuxParameters.maxSwap")
        ? "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"img\","
            + "\"memoryReservation\":64,\"linuxParameters\":{\"maxSwap\":16}}]}"
        : row.task();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> translate(task, OPTIONS));
    assertTrue(e.getMessage().startsWith(row.field()), e.getMessage());
  }
}
