package dev.backroom.soak;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.DockerEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The store's managed containers, read from the engine by Backroom's labels. */
final class DockerView {
  static final String ROLL_VARIABLE = "SOAK_ROLL";

  private DockerView() {}

  static List<ContainerState> read(DockerEngine docker, List<String> devices) {
    List<ContainerState> out = new ArrayList<>();
    for (String device : devices) {
      for (Container c : docker.containers(Map.of("backroom.device-id", device))) {
        InspectContainerResponse i;
        try {
          i = docker.client().inspectContainerCmd(c.getId()).exec();
        } catch (NotFoundException e) {
          continue; // removed between the list and the inspect
        }
        Map<String, String> labels = c.getLabels();
        String roll = null;
        String[] env = i.getConfig() == null ? null : i.getConfig().getEnv();
        if (env != null) {
          for (String e : env) {
            if (e.startsWith(ROLL_VARIABLE + "=")) {
              roll = e.substring(ROLL_VARIABLE.length() + 1);
            }
          }
        }
        boolean running = i.getState() != null && Boolean.TRUE.equals(i.getState().getRunning());
        out.add(new ContainerState(c.getId(), device, labels.get("backroom.service"),
            labels.get("backroom.task-id"), labels.get("backroom.container"), running,
            i.getState() == null ? null : i.getState().getStartedAt(), roll));
      }
    }
    return out;
  }
}
