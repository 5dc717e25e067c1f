package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.model.ContainerPort;
import dev.backroom.mqtt.message.NetworkBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list response's ports, read into ECS networkBindings without an inspect. */
class ObservedBindingsTest {

  private static ContainerPort port(String ip, Integer priv, Integer pub, String type) {
    return new ContainerPort().withIp(ip).withPrivatePort(priv).withPublicPort(pub)
        .withType(type);
  }

  @Test
  void publishedPorts_becomeBindings_sortedAndWithoutDuplicates() {
    ContainerPort[] ports = {
        port("::", 80, 32768, "tcp"),
        port("0.0.0.0", 80, 32768, "tcp"),
        port("0.0.0.0", 53, 5353, "udp"),
        port("0.0.0.0", 80, 32768, "tcp")};
    assertEquals(List.of(new NetworkBinding("0.0.0.0", 53, 5353, "udp"),
            new NetworkBinding("0.0.0.0", 80, 32768, "tcp"),
            new NetworkBinding("::", 80, 32768, "tcp")),
        DockerContainerRuntime.bindings(ports));
  }

  @Test
  void exposedButUnpublishedPorts_areNoBindings() {
    assertEquals(List.of(), DockerContainerRuntime.bindings(
        new ContainerPort[] {port(null, 8080, null, "tcp")}));
    assertEquals(List.of(), DockerContainerRuntime.bindings(null));
  }

  @Test
  void aMissingAddressOrProtocol_readsAsDockersDefaults() {
    assertEquals(List.of(new NetworkBinding("0.0.0.0", 9000, 9000, "tcp")),
        DockerContainerRuntime.bindings(new ContainerPort[] {port(null, 9000, 9000, null)}));
  }
}
