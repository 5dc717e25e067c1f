package dev.backroom.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pooled CLI ({@link AwsCli#run}) behaves as one {@code aws} process per command: the same
 * request on the wire, the same output and exit code, for an answer and for an ECS error. Needs
 * the AWS CLI on PATH (fails clearly otherwise).
 */
class AwsCliTest {
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "{\"clusterArns\":[\"arn:aws:ecs:eu-west-1:1:cluster/a\"]}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " "
          + x.getRequestHeaders().getFirst("X-amz-target") + " "
          + x.getRequestHeaders().getFirst("Content-type") + " " + body + " "
          + x.getRequestHeaders().getFirst("Authorization").replaceAll("Signature=\\w+", "")
              .replaceAll("/\\d{8}/", "/DATE/"));
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      x.sendResponseHeaders(status, out.length);
      x.getResponseBody().write(out);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void pooledAndProcess_sendTheSameRequest_andPrintTheSame() {
    List<String> args = args("list-clusters", "--max-items", "5");
    AwsCli.Result pooled = AwsCli.run(env(), args, Duration.ofMinutes(2));
    assertTrue(AwsCli.pooled(), "the CLI's driver did not run in a pooled interpreter (see"
        + " stderr): the ECS suites would start one aws process per command");
    AwsCli.Result process = AwsCli.runProcess(env(), args, Duration.ofMinutes(2));
    assertEquals(0, pooled.exit(), pooled.err());
    assertEquals(process, pooled);
    assertTrue(pooled.out().contains("cluster/a"), pooled.out());
    assertEquals(2, seen.size());
    assertEquals(seen.get(1), seen.get(0));
    assertTrue(seen.get(0).contains("AmazonEC2ContainerServiceV20141113.ListClusters"), seen.get(0));
    assertTrue(seen.get(0).contains("Credential=AKIDTEST/DATE/eu-west-1/ecs/aws4_request"),
        seen.get(0));
  }

  @Test
  void anEcsError_exitsAndPrintsAsTheProcessDoes() {
    status = 400;
    answer = "{\"__type\":\"ClusterNotFoundException\",\"message\":\"no such cluster\"}";
    List<String> args = args("describe-services", "--cluster", "x", "--services", "y");
    AwsCli.Result pooled = AwsCli.run(env(), args, Duration.ofMinutes(2));
    AwsCli.Result process = AwsCli.runProcess(env(), args, Duration.ofMinutes(2));
    assertEquals(process.exit(), pooled.exit());
    assertTrue(pooled.exit() != 0);
    assertEquals(process.err(), pooled.err());
    assertTrue(pooled.err().contains("ClusterNotFoundException"), pooled.err());
  }

  @Test
  void aBadArgument_isTheCliUsageError() {
    List<String> args = args("list-clusters", "--no-such-flag");
    AwsCli.Result pooled = AwsCli.run(env(), args, Duration.ofMinutes(2));
    AwsCli.Result process = AwsCli.runProcess(env(), args, Duration.ofMinutes(2));
    assertEquals(process.exit(), pooled.exit());
    assertTrue(pooled.exit() != 0, pooled.err());
    assertEquals(process.err(), pooled.err());
    assertTrue(pooled.err().contains("--no-such-flag"), pooled.err());
    assertTrue(seen.isEmpty());
  }

  private List<String> args(String... command) {
    List<String> all = new java.util.ArrayList<>(List.of("ecs"));
    all.addAll(List.of(command));
    all.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + server.getAddress().getPort(),
        "--output", "json"));
    return all;
  }

  private static Map<String, String> env() {
    Map<String, String> env = new java.util.HashMap<>(AwsCli.isolatedEnv("AKIDTEST", "secret"));
    env.put("AWS_MAX_ATTEMPTS", "1");
    return env;
  }
}
