package dev.backroom.config.validate;

import static dev.backroom.config.validate.ViolationAssert.assertViolations;
import static dev.backroom.config.validate.ViolationAssert.at;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of the fields a device honours, one row per rule: a definition Docker or ECS would
 * refuse (or that would run differently from what it says) is a 400 naming the path and why, at
 * registration, never a failure on the device later. The valid rows prove the rule is no wider
 * than it must be.
 */
class HonouredFieldRulesTest {

  record Case(String name, String json, List<ViolationAssert.Expect> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** One task of {@code mode} (null: unset) with {@code app} (and any more containers). */
  static String task(String mode, String top, String... containers) {
    return "{\"family\": \"t\"" + (mode == null ? "" : ", \"networkMode\": \"" + mode + "\"")
        + (top.isEmpty() ? "" : ", " + top) + ", \"containerDefinitions\": ["
        + String.join(", ", containers) + "]}";
  }

  static String app(String fields) {
    return "{\"name\": \"app\", \"image\": \"busybox\", \"memory\": 64"
        + (fields.isEmpty() ? "" : ", " + fields) + "}";
  }

  static String named(String name, String fields) {
    return "{\"name\": \"" + name + "\", \"image\": \"busybox\", \"memory\": 64"
        + (fields.isEmpty() ? "" : ", " + fields) + "}";
  }

  static Case ok(String name, String json) {
    return new Case(name, json, List.of());
  }

  static Case bad(String name, String json, String path, String reason) {
    return new Case(name, json, List.of(at(path, reason)));
  }

  static final String P = "containerDefinitions[0].";

  static Stream<Case> cases() {
    return Stream.of(
        // task size as ECS writes it
        ok("task cpu and memory with units", task("host", "\"cpu\": \"0.5 vCPU\","
            + " \"memory\": \"1 GB\"", app(""))),
        ok("task cpu and memory as digit strings", task("host", "\"cpu\": \"256\","
            + " \"memory\": \"512\"", app(""))),
        bad("task memory in an unknown unit", task("host", "\"memory\": \"1 TB\"", app("")),
            "memory", "give MiB (512) or GB (\"1 GB\")"),
        bad("task cpu as a fraction of a unit", task("host", "\"cpu\": \"0.0001 vCPU\"",
            app("")), "cpu", "CPU units (1024) or vCPUs"),
        // network modes and ports
        ok("unset mode with a dynamic port", task(null, "", app(
            "\"portMappings\": [{\"containerPort\": 80}]"))),
        ok("bridge static, dynamic and udp ports", task("bridge", "", app(
            "\"portMappings\": [{\"containerPort\": 80, \"hostPort\": 8080},"
                + " {\"containerPort\": 81, \"hostPort\": 0}, {\"containerPort\": 53,"
                + " \"protocol\": \"udp\", \"hostIp\": \"::1\"}]"))),
        ok("host mode with hostPort equal", task("host", "", app(
            "\"portMappings\": [{\"containerPort\": 9100, \"hostPort\": 9100}]"))),
        bad("host mode with a different hostPort", task("host", "", app(
            "\"portMappings\": [{\"containerPort\": 80, \"hostPort\": 8080}]")),
            P + "portMappings[0].hostPort", "hostPort must equal containerPort (80)"),
        bad("host mode with hostIp", task("host", "", app(
            "\"portMappings\": [{\"containerPort\": 80, \"hostIp\": \"127.0.0.1\"}]")),
            P + "portMappings[0].hostIp", "leave hostIp out"),
        bad("none mode with ports", task("none", "", app(
            "\"portMappings\": [{\"containerPort\": 80}]")),
            P + "portMappings", "networkMode none has no network"),
        bad("missing containerPort", task("bridge", "", app(
            "\"portMappings\": [{\"hostPort\": 80}]")),
            P + "portMappings[0].containerPort", "is required"),
        bad("port out of range", task("bridge", "", app(
            "\"portMappings\": [{\"containerPort\": 70000}]")),
            P + "portMappings[0].containerPort", "between 1 and 65535"),
        bad("sctp", task("bridge", "", app(
            "\"portMappings\": [{\"containerPort\": 80, \"protocol\": \"sctp\"}]")),
            P + "portMappings[0].protocol", "tcp or udp"),
        bad("a host name as hostIp", task("bridge", "", app(
            "\"portMappings\": [{\"containerPort\": 80, \"hostIp\": \"localhost\"}]")),
            P + "portMappings[0].hostIp", "IPv4 or IPv6"),
        bad("an out-of-range IPv4 as hostIp", task("bridge", "", app(
            "\"portMappings\": [{\"containerPort\": 80, \"hostIp\": \"999.0.0.1\"}]")),
            P + "portMappings[0].hostIp", "IPv4 or IPv6"),
        bad("one container port for two protocols", task("bridge", "", app(
            "\"portMappings\": [{\"containerPort\": 53}, {\"containerPort\": 53,"
                + " \"protocol\": \"udp\"}]")),
            P + "portMappings[1].containerPort", "one protocol per container port"),
        bad("two containers claiming one host port", task("bridge", "",
            app("\"portMappings\": [{\"containerPort\": 80, \"hostPort\": 8080}]"),
            named("b", "\"portMappings\": [{\"containerPort\": 81, \"hostPort\": 8080}]")),
            "containerDefinitions[1].portMappings[0].hostPort", "8080/tcp is already claimed"),
        bad("ports with networking disabled", task("bridge", "", app(
            "\"disableNetworking\": true, \"portMappings\": [{\"containerPort\": 80}]")),
            P + "portMappings", "disableNetworking"),
        // dependencies
        ok("dependsOn every condition", task("host", "",
            named("db", "\"healthCheck\": {\"command\": [\"CMD-SHELL\", \"true\"]}"),
            named("init", "\"essential\": false"),
            app("\"dependsOn\": [{\"containerName\": \"db\", \"condition\": \"HEALTHY\"},"
                + " {\"containerName\": \"init\", \"condition\": \"SUCCESS\"}]"))),
        bad("dependsOn an unknown container", task("host", "", app(
            "\"dependsOn\": [{\"containerName\": \"db\", \"condition\": \"START\"}]")),
            P + "dependsOn[0].containerName", "another container of the task"),
        bad("dependsOn itself", task("host", "", app(
            "\"dependsOn\": [{\"containerName\": \"app\", \"condition\": \"START\"}]")),
            P + "dependsOn[0].containerName", "another container of the task"),
        bad("unknown condition", task("host", "", named("db", ""), app(
            "\"dependsOn\": [{\"containerName\": \"db\", \"condition\": \"READY\"}]")),
            "containerDefinitions[1].dependsOn[0].condition", "must be one of"),
        bad("SUCCESS of an essential container", task("host", "", named("db", ""), app(
            "\"dependsOn\": [{\"containerName\": \"db\", \"condition\": \"SUCCESS\"}]")),
            "containerDefinitions[1].dependsOn[0].condition", "it is essential"),
        bad("HEALTHY without a health check", task("host", "", named("db", ""), app(
            "\"dependsOn\": [{\"containerName\": \"db\", \"condition\": \"HEALTHY\"}]")),
            "containerDefinitions[1].dependsOn[0].condition", "needs a healthCheck on db"),
        bad("a cycle", task("host", "",
            named("a", "\"dependsOn\": [{\"containerName\": \"b\", \"condition\": \"START\"}]"),
            named("b", "\"dependsOn\": [{\"containerName\": \"a\", \"condition\": \"START\"}]")),
            "containerDefinitions", "cycle (a -> b -> a)"),
        bad("volumesFrom an unknown container", task("host", "", app(
            "\"volumesFrom\": [{\"sourceContainer\": \"seed\"}]")),
            P + "volumesFrom[0].sourceContainer", "another container of the task"),
        bad("stopTimeout above ECS's 120 s", task("host", "", app("\"stopTimeout\": 300")),
            P + "stopTimeout", "between 0 and 120"),
        bad("startTimeout of zero", task("host", "", app("\"startTimeout\": 0")),
            P + "startTimeout", "between 1 and 3600"),
        // container options
        bad("user with a space", task("host", "", app("\"user\": \"app user\"")),
            P + "user", "user, uid, user:group or uid:gid"),
        bad("relative workingDirectory", task("host", "", app("\"workingDirectory\": \"app\"")),
            P + "workingDirectory", "absolute path"),
        bad("environment file in S3", task("host", "", app(
            "\"environmentFiles\": [{\"value\": \"arn:aws:s3:::b/a.env\", \"type\": \"s3\"}]")),
            P + "environmentFiles[0].value", "S3 is not reachable"),
        bad("relative environment file", task("host", "", app(
            "\"environmentFiles\": [{\"value\": \"a.env\", \"type\": \"file\"}]")),
            P + "environmentFiles[0].value", "absolute path"),
        bad("unknown ulimit", task("host", "", app(
            "\"ulimits\": [{\"name\": \"files\", \"softLimit\": 1, \"hardLimit\": 1}]")),
            P + "ulimits[0].name", "must be one of"),
        bad("soft ulimit above hard", task("host", "", app(
            "\"ulimits\": [{\"name\": \"nofile\", \"softLimit\": 9, \"hardLimit\": 1}]")),
            P + "ulimits[0].softLimit", "must not exceed hardLimit"),
        bad("a Backroom label", task("host", "", app(
            "\"dockerLabels\": {\"backroom.device-id\": \"other\"}")),
            P + "dockerLabels.backroom.device-id", "Backroom's own"),
        bad("hostname in host mode", task("host", "", app("\"hostname\": \"till\"")),
            P + "hostname", "device's hostname"),
        bad("DNS in host mode", task("host", "", app("\"dnsServers\": [\"10.0.0.2\"]")),
            P + "dnsServers", "device's resolver"),
        bad("extra host without an address", task("bridge", "", app(
            "\"extraHosts\": [{\"hostname\": \"erp\", \"ipAddress\": \"erp.local\"}]")),
            P + "extraHosts[0].ipAddress", "IPv4 or IPv6"),
        bad("net sysctl in host mode", task("host", "", app(
            "\"systemControls\": [{\"namespace\": \"net.ipv4.ip_forward\", \"value\": \"1\"}]")),
            P + "systemControls[0].namespace", "device's network namespace"),
        bad("unknown security option", task("host", "", app(
            "\"dockerSecurityOptions\": [\"credentialspec:file://x.json\"]")),
            P + "dockerSecurityOptions[0]", "Windows-only"),
        bad("awslogs", task("host", "", app("\"logConfiguration\": {\"logDriver\": \"awslogs\","
            + " \"options\": {\"awslogs-group\": \"pos\"}}")),
            P + "logConfiguration.logDriver", "CloudWatch is not reachable"),
        bad("syslog", task("host", "", app("\"logConfiguration\": {\"logDriver\": \"syslog\"}")),
            P + "logConfiguration.logDriver", "use json-file or local"),
        bad("unknown capability", task("host", "", app(
            "\"linuxParameters\": {\"capabilities\": {\"add\": [\"SUPERPOWER\"]}}")),
            P + "linuxParameters.capabilities.add[0]", "unknown capability"),
        bad("device permission", task("host", "", app("\"linuxParameters\": {\"devices\":"
            + " [{\"hostPath\": \"/dev/video0\", \"permissions\": [\"execute\"]}]}")),
            P + "linuxParameters.devices[0].permissions[0]", "read, write or mknod"),
        bad("tmpfs without size", task("host", "", app(
            "\"linuxParameters\": {\"tmpfs\": [{\"containerPath\": \"/tmp\"}]}")),
            P + "linuxParameters.tmpfs[0].size", "is required"),
        bad("maxSwap without memory", task("host", "", "{\"name\": \"app\", \"image\": \"b\","
            + " \"memoryReservation\": 64, \"linuxParameters\": {\"maxSwap\": 0}}"),
            P + "linuxParameters.maxSwap", "needs the container's memory"),
        bad("swappiness above 100", task("host", "", app(
            "\"linuxParameters\": {\"swappiness\": 101}")),
            P + "linuxParameters.swappiness", "between 0 and 100"),
        // task level
        bad("distinctInstance on the task", task("host",
            "\"placementConstraints\": [{\"type\": \"distinctInstance\"}]", app("")),
            "placementConstraints[0].type", "memberOf constraints only"),
        bad("unparseable task constraint", task("host",
            "\"placementConstraints\": [{\"type\": \"memberOf\", \"expression\": \"==\"}]",
            app("")),
            "placementConstraints[0].expression", "does not parse"),
        bad("Windows platform", task("host",
            "\"runtimePlatform\": {\"operatingSystemFamily\": \"WINDOWS_SERVER_2022_CORE\"}",
            app("")),
            "runtimePlatform.operatingSystemFamily", "Linux containers"),
        bad("unknown architecture", task("host",
            "\"runtimePlatform\": {\"cpuArchitecture\": \"RISCV\"}", app("")),
            "runtimePlatform.cpuArchitecture", "X86_64 or ARM64"),
        bad("autoprovision on a task volume", task("host", "\"volumes\": [{\"name\": \"v\","
            + " \"dockerVolumeConfiguration\": {\"scope\": \"task\", \"autoprovision\": true}}]",
            app("")),
            "volumes[0].dockerVolumeConfiguration.autoprovision", "shared volumes only"),
        bad("a volume driver devices lack", task("host", "\"volumes\": [{\"name\": \"v\","
            + " \"dockerVolumeConfiguration\": {\"driver\": \"rexray/ebs\"}}]", app("")),
            "volumes[0].dockerVolumeConfiguration.driver", "only the local driver"),
        bad("a shared volume named like a task volume", task("host", "\"volumes\":"
            + " [{\"name\": \"backroom-t1-data\", \"dockerVolumeConfiguration\":"
            + " {\"scope\": \"shared\"}}]", app("")),
            "volumes[0].name", "Backroom's task volumes"),
        bad("a volume name Docker would rewrite", task("host", "\"volumes\": [{\"name\":"
            + " \"a/b\"}]", app("")), "volumes[0].name", "letters, digits"),
        bad("a sysctl outside the container's namespaces", task("bridge", "", app(
            "\"systemControls\": [{\"namespace\": \"kernel.core_pattern\", \"value\": \"x\"}]")),
            P + "systemControls[0].namespace", "only namespaced kernel parameters"),
        ok("IPC and mqueue sysctls", task("host", "", app("\"systemControls\": [{\"namespace\":"
            + " \"kernel.shmmax\", \"value\": \"1\"}, {\"namespace\": \"fs.mqueue.msg_max\","
            + " \"value\": \"10\"}]"))),
        bad("host and docker volume at once", task("host", "\"volumes\": [{\"name\": \"v\","
            + " \"host\": {\"sourcePath\": \"/srv\"}, \"dockerVolumeConfiguration\": {}}]",
            app("")),
            "volumes[0]", "exclude each other"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rule(Case c) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(c.json());

    if (c.expected().isEmpty()) {
      assertTrue(r.ok(), () -> r.violations().toString());
    } else {
      assertNull(r.value());
      assertViolations(r.violations(), c.expected());
    }
  }
}
