package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.TaskDefinition;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stop-rank label: written at create time, read back when the definition is gone. */
class ContainerLabelsTest {

  @Test
  void theRankWritten_isTheRankRead() {
    TaskDefinition td = Fixtures.task("t1", "h1", Fixtures.dependsOn(Fixtures.container("app"),
        "db:START"), Fixtures.container("db")).taskDefinition();
    for (int i = 0; i < 2; i++) {
      DesiredContainer d = new DesiredContainer(new ContainerKey("t1",
          td.containers().get(i).name()), "svc", "h1", 1, td, td.containers().get(i));
      Map<String, String> labels = ContainerLabels.withDockerLabels("dev-a", d, 30);
      assertEquals(i == 0 ? 1 : 0, ContainerLabels.stopRank(labels), d.key().toString());
    }
  }

  @ParameterizedTest(name = "label {0} reads as rank {1}")
  @CsvSource(value = {"3,3", "0,0", "NONE,0", "-2,0", "x,0", "'',0"}, nullValues = "NONE")
  void aMissingOrUnreadableLabel_readsAsRankZero_whichHoldsNothingBack(String label, int rank) {
    Map<String, String> labels = new HashMap<>();
    if (label != null) {
      labels.put(ContainerLabels.STOP_RANK, label);
    }
    assertEquals(rank, ContainerLabels.stopRank(labels));
  }

  @Test
  void aTaskCannotForgeItsRank_oursIsPutOverItsDockerLabels() {
    TaskDefinition td = Fixtures.task("t1", "h1", Fixtures.container("db")).taskDefinition();
    DesiredContainer d = new DesiredContainer(new ContainerKey("t1", "db"), "svc", "h1", 1, td,
        withLabels(td.containers().get(0), Map.of(ContainerLabels.STOP_RANK, "9")));
    assertEquals("0", ContainerLabels.withDockerLabels("dev-a", d, 30)
        .get(ContainerLabels.STOP_RANK));
  }

  private static ContainerDefinition withLabels(
      ContainerDefinition c, Map<String, String> labels) {
    return new ContainerDefinition(c.name(), c.image(), c.command(),
        c.entryPoint(), c.environment(), c.essential(), c.cpu(), c.memory(),
        c.memoryReservation(), c.resourceRequirements(), c.mountPoints(), c.healthCheck(),
        c.restartPolicy(), c.portMappings(), c.dependsOn(), c.startTimeout(), c.stopTimeout(),
        c.user(), c.workingDirectory(), c.environmentFiles(), c.ulimits(),
        c.readonlyRootFilesystem(), c.privileged(), c.linuxParameters(), labels, c.hostname(),
        c.extraHosts(), c.dnsServers(), c.dnsSearchDomains(), c.disableNetworking(),
        c.interactive(), c.pseudoTerminal(), c.systemControls(), c.dockerSecurityOptions(),
        c.logConfiguration(), c.volumesFrom());
  }
}
