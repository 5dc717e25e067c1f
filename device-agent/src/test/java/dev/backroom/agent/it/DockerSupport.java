package dev.backroom.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.backroom.agent.runtime.docker.ContainerLabels;
import dev.backroom.agent.runtime.docker.DockerClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The test's own view of the Docker Engine, independent of the agent's runtime. */
public final class DockerSupport {
  public static final String IMAGE = "backroom/busybox:1";

  private DockerSupport() {}

  /** A client that has answered a ping; fails the test (never skips it) when Docker is down. */
  public static DockerClient requireDocker() {
    String host = DockerClients.defaultHost();
    DockerClient docker = DockerClients.create(host, Duration.ofSeconds(10));
    try {
      docker.pingCmd().exec();
      docker.inspectImageCmd(IMAGE).exec();
    } catch (NotFoundException e) {
      fail("image " + IMAGE + " is missing from the Docker Engine at " + host
          + "; these tests never pull");
    } catch (RuntimeException e) {
      fail("Docker Engine at " + host + " does not answer (" + e + "); the device-agent "
          + "integration tests need a running Docker daemon");
    }
    return docker;
  }

  public static List<Container> containersOf(DockerClient docker, String deviceId) {
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(ContainerLabels.DEVICE_ID, deviceId)).exec();
  }

  /** Removes every container a test device left behind. */
  public static void cleanup(DockerClient docker, String deviceId) {
    for (Container c : containersOf(docker, deviceId)) {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    }
  }
}
