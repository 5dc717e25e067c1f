package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** Builds docker-java clients on the httpclient5 transport (unix socket or tcp). */
public final class DockerClients {
  private DockerClients() {}

  /** {@code $DOCKER_HOST} when set, else the local unix socket. */
  public static String defaultHost() {
    String env = System.getenv("DOCKER_HOST");
    return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env;
  }

  /**
   * @param responseTimeout null for none, which the event stream needs: it is silent for as long
   *     as nothing happens
   */
  public static DockerClient create(String dockerHost, Duration responseTimeout) {
    DockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost)
        .build();
    ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
        .dockerHost(cfg.getDockerHost())
        .sslConfig(tls(cfg.getSSLConfig()))
        .maxConnections(16)
        .connectionTimeout(Duration.ofSeconds(3));
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(cfg, http.build());
  }

  /**
   * The Docker host's TLS ({@code DOCKER_TLS_VERIFY} and its certificates), else a context that is
   * never initialised. Given none, httpclient5 builds its https strategy from the JVM's default
   * context even for a unix socket, and that parses the JDK's ~140 CA certificates: a fifth of
   * the agent's start before its first connection to the hub. A host without TLS never uses it;
   * if anything ever did, it would fail ({@link IllegalStateException}), never trust silently.
   */
  static SSLConfig tls(SSLConfig hostTls) {
    return hostTls != null ? hostTls : () -> SSLContext.getInstance("TLS");
  }
}
