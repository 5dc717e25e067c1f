package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

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
        .sslConfig(cfg.getSSLConfig())
        .maxConnections(16)
        .connectionTimeout(Duration.ofSeconds(3));
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(cfg, http.build());
  }
}
