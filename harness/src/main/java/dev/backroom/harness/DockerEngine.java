package dev.backroom.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Docker engine, for checking independently of Backroom what runs. Fails with a clear
 * message when no engine answers: tests never skip for lack of Docker.
 */
public final class DockerEngine implements AutoCloseable {
  public static final String TEST_IMAGE = "backroom/busybox:1";

  private final DockerClient client;
  private final String host;

  private DockerEngine(DockerClient client, String host) {
    this.client = client;
    this.host = host;
  }

  public static String host() {
    String env = System.getenv("DOCKER_HOST");
    return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env;
  }

  /** Connects and pings; throws IllegalStateException naming the fix when that fails. */
  public static DockerEngine connect() {
    String host = host();
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(host).build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(3))
        .responseTimeout(Duration.ofSeconds(60)).build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      throw new IllegalStateException("no Docker engine answers at " + host + " (" + e.getMessage()
          + "). Run the tests with ./backroom test, which starts a private engine, or start dockerd"
          + " with --bridge=none --iptables=false, or set DOCKER_HOST.", e);
    }
    return new DockerEngine(client, host);
  }

  /** Fails unless the locally built workload image exists (no registry can be reached). */
  public DockerEngine requireImage(String image) {
    try {
      client.inspectImageCmd(image).exec();
    } catch (RuntimeException e) {
      throw new IllegalStateException("image " + image + " is missing from the engine at " + host
          + ": build it with scripts/busybox-image.sh (./backroom test does)", e);
    }
    return this;
  }

  public DockerClient client() {
    return client;
  }

  /** All containers (running or not) carrying every given label. */
  public List<Container> containers(Map<String, String> labels) {
    return client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
  }

  public List<Container> running(Map<String, String> labels) {
    return containers(labels).stream().filter(c -> "running".equals(c.getState())).toList();
  }

  /** Removes every container Backroom made for a device, for clean-up after a test. */
  public void removeDeviceContainers(String deviceId) {
    for (Container c : containers(Map.of("backroom.device-id", deviceId))) {
      try {
        client.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (java.io.IOException e) {
      // closing a pooled HTTP client; nothing to recover
    }
  }
}
