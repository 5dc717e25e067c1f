package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.transport.SSLConfig;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Verifies the Docker host's TLS: its own when it has one; without, a context that fails when
 * used instead of the JVM's default one (which would trust any public CA, and costs the start).
 */
class DockerClientsTest {
  @Test
  void aHostWithTls_keepsItsOwn() throws Exception {
    SSLContext own = SSLContext.getInstance("TLS");
    SSLConfig hostTls = () -> own;
    assertSame(hostTls, DockerClients.tls(hostTls));
  }

  @Test
  void aHostWithoutTls_getsAContextThatFailsWhenUsed() throws Exception {
    SSLContext none = DockerClients.tls(null).getSSLContext();
    assertThrows(IllegalStateException.class, none::getSocketFactory);
  }
}
