package dev.backroom.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The restart policy the agent applies, by how the task's other containers wait on it. */
class DesiredContainerTest {
  private static final RestartPolicy ON_FAILURE_3 =
      new RestartPolicy(null, RestartPolicy.ON_FAILURE, 3, null, null);

  record Case(String name, Boolean essential, RestartPolicy own, String awaitedWith,
      RestartPolicy expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("non-essential, awaited for SUCCESS, no policy: runs to completion", false,
            null, ContainerDependency.SUCCESS, DesiredContainer.RUN_TO_COMPLETION),
        new Case("non-essential, awaited for COMPLETE, no policy: runs to completion", false,
            null, ContainerDependency.COMPLETE, DesiredContainer.RUN_TO_COMPLETION),
        new Case("an explicit policy is kept as written", false, ON_FAILURE_3,
            ContainerDependency.SUCCESS, ON_FAILURE_3),
        new Case("an explicit always is kept too", false, RestartPolicy.DEFAULT,
            ContainerDependency.COMPLETE, RestartPolicy.DEFAULT),
        new Case("awaited only for START: a service, default always", false, null,
            ContainerDependency.START, RestartPolicy.DEFAULT),
        new Case("awaited only for HEALTHY: a service, default always", false, null,
            ContainerDependency.HEALTHY, RestartPolicy.DEFAULT),
        new Case("essential (ECS refuses it as a SUCCESS target): default always", true, null,
            ContainerDependency.SUCCESS, RestartPolicy.DEFAULT),
        new Case("essential by default (null): default always", null, null,
            ContainerDependency.SUCCESS, RestartPolicy.DEFAULT),
        new Case("nobody waits on it: default always", false, null, null,
            RestartPolicy.DEFAULT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void effectiveRestartPolicy(Case c) {
    ContainerDefinition init = new ContainerDefinition("init", "backroom/busybox:1",
        List.of("true"), null, null, c.essential(), null, 16, null, null, null, null, c.own());
    ContainerDefinition app = ContainerDefinition.of("app", "backroom/busybox:1", 16);
    if (c.awaitedWith() != null) {
      app = new ContainerDefinition(app.name(), app.image(), app.command(), app.entryPoint(),
          app.environment(), app.essential(), app.cpu(), app.memory(), app.memoryReservation(),
          app.resourceRequirements(), app.mountPoints(), app.healthCheck(), app.restartPolicy(),
          app.portMappings(), List.of(new ContainerDependency("init", c.awaitedWith())),
          app.startTimeout(), app.stopTimeout(), app.user(), app.workingDirectory(),
          app.environmentFiles(), app.ulimits(), app.readonlyRootFilesystem(), app.privileged(),
          app.linuxParameters(), app.dockerLabels(), app.hostname(), app.extraHosts(),
          app.dnsServers(), app.dnsSearchDomains(), app.disableNetworking(), app.interactive(),
          app.pseudoTerminal(), app.systemControls(), app.dockerSecurityOptions(),
          app.logConfiguration(), app.volumesFrom());
    }
    TaskDefinition td = new TaskDefinition("fam", 1, List.of(init, app), null, null, "host",
        null);
    DesiredContainer d = new DesiredContainer(new ContainerKey("t1", "init"), "svc", "h1", 1, td,
        init);
    assertEquals(c.expected(), d.restartPolicy());
    assertEquals(RestartPolicy.DEFAULT, new DesiredContainer(new ContainerKey("t1", "app"), "svc",
        "h1", 1, td, app).restartPolicy(), "the waiting container keeps the default");
  }
}
