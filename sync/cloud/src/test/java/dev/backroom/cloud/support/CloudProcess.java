package dev.backroom.cloud.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged cloud (target/quarkus-app/quarkus-run.jar) as a separate JVM, for *IT tests. */
public final class CloudProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final URI url;

  private CloudProcess(Process process, Path log, URI url) {
    this.process = process;
    this.log = log;
    this.url = url;
  }

  /** Starts the jar with {@code -D} properties and waits until /q/health/ready is 200. */
  public static CloudProcess start(String name, Path workDir, Map<String, String> props)
      throws Exception {
    String appDir = System.getProperty("cloud.app.dir");
    if (appDir == null || !Files.exists(Path.of(appDir, "quarkus-run.jar"))) {
      fail("cloud.app.dir does not hold quarkus-run.jar (" + appDir + "); run through failsafe"
          + " after package");
    }
    int port = PostgresCluster.freePort();
    Files.createDirectories(workDir);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-Xmx256m", "-Dquarkus.http.port=" + port,
        "-Dquarkus.http.host=127.0.0.1"));
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-jar", Path.of(appDir, "quarkus-run.jar").toString()));
    Path log = workDir.resolve(name + ".log");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    CloudProcess cloud = new CloudProcess(p, log, URI.create("http://127.0.0.1:" + port));
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail("cloud " + name + " exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(cloud.url.resolve(
            "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return cloud;
        }
      } catch (java.io.IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    cloud.close();
    fail("cloud " + name + " not ready within 90 s:\n" + Files.readString(log));
    return cloud;
  }

  public String log() throws Exception {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
