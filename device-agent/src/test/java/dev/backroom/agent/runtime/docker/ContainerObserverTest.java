package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.github.dockerjava.api.model.ContainerPort;
import dev.backroom.mqtt.message.NetworkBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link ContainerObserver} reads from the list response without an inspect: ports as ECS
 * networkBindings, health from the status text.
 */
class ContainerObserverTest {

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
        ContainerObserver.bindings(ports));
  }

  @Test
  void exposedButUnpublishedPorts_areNoBindings() {
    assertEquals(List.of(), ContainerObserver.bindings(
        new ContainerPort[] {port(null, 8080, null, "tcp")}));
    assertEquals(List.of(), ContainerObserver.bindings(null));
  }

  @Test
  void aMissingAddressOrProtocol_readsAsDockersDefaults() {
    assertEquals(List.of(new NetworkBinding("0.0.0.0", 9000, 9000, "tcp")),
        ContainerObserver.bindings(new ContainerPort[] {port(null, 9000, 9000, null)}));
  }

  @Test
  void healthIsReadFromTheStatusText() {
    assertEquals("healthy", ContainerObserver.health("Up 5 seconds (healthy)"));
    assertEquals("unhealthy", ContainerObserver.health("Up 1 minute (unhealthy)"));
    assertEquals("starting", ContainerObserver.health("Up 1 second (health: starting)"));
    assertNull(ContainerObserver.health("Up 3 hours"));
  }
}
