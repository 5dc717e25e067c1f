package dev.backroom.config.validate;

import static dev.backroom.config.Fixtures.container;
import static dev.backroom.config.Fixtures.taskDef;
import static dev.backroom.config.validate.ViolationAssert.assertViolations;
import static dev.backroom.config.validate.ViolationAssert.at;

import dev.backroom.config.Fixtures.TaskDef;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.validate.ViolationAssert.Expect;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaskDefinitionValidatorTest {

  /** {@code change} is applied to the minimal valid fixture; {@code expected} is the full set. */
  record Case(String name, UnaryOperator<TaskDef> change, List<Expect> expected) {
    Case(String name, UnaryOperator<TaskDef> change, Expect... expected) {
      this(name, change, Arrays.asList(expected));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("minimal task definition is valid", t -> t),
        new Case("host and none network modes are valid",
            t -> t.networkMode("none")),
        new Case("bridge network mode is valid",
            t -> t.networkMode("bridge")),
        new Case("memoryReservation alone satisfies the memory requirement",
            t -> t.app(c -> c.memory(null).memoryReservation(32))),
        new Case("task-level memory lets containers omit theirs",
            t -> t.memory(512).app(c -> c.memory(null))),
        new Case("mount of a declared volume is valid",
            t -> t.volume("data", "/srv/data").app(c -> c.mount("data", "/data"))),
        new Case("GPU requirement with a positive count is valid",
            t -> t.app(c -> c.gpus(2))),
        new Case("well-formed health check and restart policy are valid",
            t -> t.app(c -> c
                .healthCheck(new HealthCheck(List.of("CMD-SHELL", "true"), 10, 5, 3, 0))
                .restartPolicy(new RestartPolicy(true, "on-failure", 3, List.of(0), 60)))),

        new Case("missing family",
            t -> t.family(null),
            at("family", "is required")),
        new Case("family with a space",
            t -> t.family("my web"),
            at("family", "letters, digits")),
        new Case("revision zero",
            t -> t.revision(0),
            at("revision", "1 or more")),
        new Case("missing image",
            t -> t.app(c -> c.image(null)),
            at("containerDefinitions[0].image", "is required")),
        new Case("blank image",
            t -> t.app(c -> c.image("  ")),
            at("containerDefinitions[0].image", "is required")),
        new Case("missing container name",
            t -> t.app(c -> c.name(null)),
            at("containerDefinitions[0].name", "is required")),
        new Case("container memory under 6 MiB",
            t -> t.app(c -> c.memory(4)),
            at("containerDefinitions[0].memory", "at least 6 MiB but is 4")),
        new Case("container memoryReservation under 6 MiB",
            t -> t.app(c -> c.memory(null).memoryReservation(5)),
            at("containerDefinitions[0].memoryReservation", "at least 6 MiB but is 5")),
        new Case("task memory under 6 MiB",
            t -> t.memory(5).app(c -> c.memory(null)),
            at("memory", "at least 6 MiB but is 5")),
        new Case("duplicate container names",
            t -> t.container(container("app")),
            at("containerDefinitions[1].name", "duplicate container name 'app'")),
        new Case("unknown network mode names the ones devices support",
            t -> t.networkMode("nat"),
            at("networkMode", "unknown network mode 'nat'; Backroom devices support [bridge,"
                + " host, none]")),
        new Case("awsvpc network mode is refused with what to use instead",
            t -> t.networkMode("awsvpc"),
            at("networkMode", "needs a VPC, which the edge does not have; use bridge, host or none")),
        new Case("no essential container",
            t -> t.app(c -> c.essential(false)).container(container("side").essential(false)),
            at("containerDefinitions", "at least one container must be essential")),
        new Case("memoryReservation above memory",
            t -> t.app(c -> c.memory(64).memoryReservation(128)),
            at("containerDefinitions[0].memoryReservation", "must not exceed memory (64 MiB)")),
        new Case("no memory on task or container",
            t -> t.app(c -> c.memory(null)),
            at("containerDefinitions[0].memory", "memory or memoryReservation is required")),
        new Case("GPU count that is not a number",
            t -> t.app(c -> c.resource("GPU", "two")),
            at("containerDefinitions[0].resourceRequirements[0].value",
                "whole number of GPUs but is 'two'")),
        new Case("GPU count of zero",
            t -> t.app(c -> c.resource("GPU", "0")),
            at("containerDefinitions[0].resourceRequirements[0].value", "1 or more")),
        new Case("GPU requirement without a value",
            t -> t.app(c -> c.resource("GPU", null)),
            at("containerDefinitions[0].resourceRequirements[0].value", "whole number")),
        new Case("resource type other than GPU",
            t -> t.app(c -> c.resource("InferenceAccelerator", "1")),
            at("containerDefinitions[0].resourceRequirements[0].type", "only GPU")),
        new Case("mountPoint naming an unknown volume",
            t -> t.volume("data", null).app(c -> c.mount("logs", "/logs")),
            at("containerDefinitions[0].mountPoints[0].sourceVolume", "must name a volume")),
        new Case("mountPoint with a relative container path",
            t -> t.volume("data", null).app(c -> c.mount("data", "data")),
            at("containerDefinitions[0].mountPoints[0].containerPath", "absolute path")),
        new Case("volume with a relative host path",
            t -> t.volume("data", "srv/data"),
            at("volumes[0].host.sourcePath", "absolute path")),
        new Case("duplicate volume names",
            t -> t.volume("data", null).volume("data", null),
            at("volumes[1].name", "duplicate volume name 'data'")),
        new Case("environment variable name holding '='",
            t -> t.app(c -> c.env("A=B", "x")),
            at("containerDefinitions[0].environment[0].name", "may not contain '='")),
        new Case("health check interval below range",
            t -> t.app(c -> c.healthCheck(new HealthCheck(List.of("CMD", "true"), 4, null, null, null))),
            at("containerDefinitions[0].healthCheck.interval", "between 5 and 300 but is 4")),
        new Case("health check interval above range",
            t -> t.app(c -> c.healthCheck(new HealthCheck(List.of("CMD", "true"), 301, null, null, null))),
            at("containerDefinitions[0].healthCheck.interval", "between 5 and 300 but is 301")),
        new Case("health check timeout, retries and startPeriod out of range",
            t -> t.app(c -> c.healthCheck(new HealthCheck(List.of("CMD", "true"), null, 1, 11, 301))),
            at("containerDefinitions[0].healthCheck.timeout", "between 2 and 60"),
            at("containerDefinitions[0].healthCheck.retries", "between 1 and 10"),
            at("containerDefinitions[0].healthCheck.startPeriod", "between 0 and 300")),
        new Case("health check command without CMD prefix",
            t -> t.app(c -> c.healthCheck(new HealthCheck(List.of("curl", "-f", "http://x"), null, null, null, null))),
            at("containerDefinitions[0].healthCheck.command", "must start with CMD or CMD-SHELL")),
        new Case("health check command that is only CMD",
            t -> t.app(c -> c.healthCheck(new HealthCheck(List.of("CMD"), null, null, null, null))),
            at("containerDefinitions[0].healthCheck.command", "must start with CMD or CMD-SHELL")),
        new Case("health check without a command",
            t -> t.app(c -> c.healthCheck(new HealthCheck(null, 30, null, null, null))),
            at("containerDefinitions[0].healthCheck.command", "must start with CMD or CMD-SHELL")),
        new Case("health check command starting with JSON null",
            t -> t.app(c -> c.healthCheck(new HealthCheck(Arrays.asList(null, "true"), null, null, null, null))),
            at("containerDefinitions[0].healthCheck.command", "must start with CMD or CMD-SHELL")),
        new Case("unknown restart policy",
            t -> t.app(c -> c.restartPolicy(new RestartPolicy(null, "sometimes", null, null, null))),
            at("containerDefinitions[0].restartPolicy.policy", "unknown policy 'sometimes'")),
        new Case("negative restart maxAttempts and too short attempt period",
            t -> t.app(c -> c.restartPolicy(new RestartPolicy(null, "always", -1, null, 10))),
            at("containerDefinitions[0].restartPolicy.maxAttempts", "must not be negative"),
            at("containerDefinitions[0].restartPolicy.restartAttemptPeriod", "between 60 and 1800")),
        new Case("no containers",
            TaskDef::noContainers,
            at("containerDefinitions", "at least one container is required")),
        new Case("containerDefinitions absent",
            TaskDef::nullContainers,
            at("containerDefinitions", "at least one container is required")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate_reportsExactlyTheExpectedViolations(Case c) {
    assertViolations(TaskDefinitionValidator.validate(c.change().apply(taskDef()).build()),
        c.expected());
  }

  @Test
  void nullTaskDefinition_isOneViolationAtRoot() {
    assertViolations(TaskDefinitionValidator.validate(null), at("$", "is required"));
  }

  /** Verifies that validation collects every problem in one pass instead of stopping early. */
  @Test
  void manyProblems_areAllReportedInOneCall() {
    var td = taskDef()
        .family("bad family!")
        .networkMode("awsvpc")
        .memory(2)
        .volume("data", "relative")
        .app(c -> c.image(null).memory(4).memoryReservation(5).essential(false)
            .resource("GPU", "lots")
            .mount("missing", "/m")
            .healthCheck(new HealthCheck(List.of("sh"), 1, null, null, null))
            .restartPolicy(new RestartPolicy(null, "maybe", null, null, null)))
        .container(container("app").essential(false).memory(3))
        .build();

    assertViolations(TaskDefinitionValidator.validate(td),
        at("family", "letters, digits"),
        at("networkMode", "awsvpc needs a VPC"),
        at("memory", "at least 6 MiB but is 2"),
        at("volumes[0].host.sourcePath", "absolute path"),
        at("containerDefinitions[0].image", "is required"),
        at("containerDefinitions[0].memory", "at least 6 MiB but is 4"),
        at("containerDefinitions[0].memoryReservation", "at least 6 MiB but is 5"),
        at("containerDefinitions[0].memoryReservation", "must not exceed memory (4 MiB)"),
        at("containerDefinitions[0].resourceRequirements[0].value", "'lots'"),
        at("containerDefinitions[0].mountPoints[0].sourceVolume", "must name a volume"),
        at("containerDefinitions[0].healthCheck.command", "CMD or CMD-SHELL"),
        at("containerDefinitions[0].healthCheck.interval", "between 5 and 300"),
        at("containerDefinitions[0].restartPolicy.policy", "unknown policy 'maybe'"),
        at("containerDefinitions[1].name", "duplicate container name 'app'"),
        at("containerDefinitions[1].memory", "at least 6 MiB but is 3"),
        at("containerDefinitions", "at least one container must be essential"));
  }
}
