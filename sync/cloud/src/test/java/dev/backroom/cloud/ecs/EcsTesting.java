package dev.backroom.cloud.ecs;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.cloud.support.Cloud;
import dev.backroom.harness.AwsCli;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Drives the cloud's {@code /ecs} in @QuarkusTests as pipelines do: the real AWS CLI ({@link #cli}),
 * and requests signed by the AWS SDK's own SigV4 signer at a chosen clock ({@link #call}) for
 * what the CLI will not send (a bad signature, a replay, malformed JSON). Keys come from the
 * REST API ({@link #key}). A copy of the hub's EcsTesting, keys made with the admin token.
 */
public final class EcsTesting {
  public static final String TARGET = "AmazonEC2ContainerServiceV20141113.";
  static final ObjectMapper JSON = new ObjectMapper();
  /** HTTP/1.1, as the AWS SDKs talk to ECS. */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private EcsTesting() {}

  /** An access key and its secret. */
  public record Key(String id, String secret) {}

  /** A new pipeline key with {@code role}, made by the operator through the REST API. */
  public static Key key(String role) {
    JsonPath k = Cloud.admin()
        .body("{\"role\":\"" + role + "\",\"description\":\"ecs test\"}")
        .post("/api/v1/access-keys").then().statusCode(201).extract().jsonPath();
    return new Key(k.getString("accessKeyId"), k.getString("secretAccessKey"));
  }

  public static String endpoint() {
    return "http://localhost:" + RestAssured.port + "/ecs";
  }

  /** What a call answered: status, headers, body as JSON (null when not JSON). */
  public record Answer(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /** The error shape, as the body's {@code __type} says it. */
    public String type() {
      return json().path("__type").asText(null);
    }
  }

  /** {@code operation} with {@code body}, signed with {@code key} as of {@code at}. */
  public static Answer call(Key key, String operation, String body, Instant at) {
    return send(sign(key, TARGET + operation, body.getBytes(StandardCharsets.UTF_8), at));
  }

  public static Answer call(Key key, String operation, String body) {
    return call(key, operation, body, Instant.now());
  }

  /** A request signed as the SDK signs it, ready to send (and to send again: a replay). */
  public static HttpRequest sign(Key key, String target, byte[] body, Instant at) {
    URI uri = URI.create(endpoint());
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .protocol("http").host(uri.getHost()).port(uri.getPort()).encodedPath(uri.getPath())
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", target)
        .putHeader("Host", uri.getHost() + ":" + uri.getPort()).build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(key.id(), key.secret()))
        .request(unsigned)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signed.request().headers().forEach((name, values) -> {
      // java.net.http sets Host and Content-Length itself, from the URI and the body
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return b.build();
  }

  public static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the AWS CLI printed and its exit code. */
  public record CliResult(int exit, String out, String err) {
    public JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("the CLI printed no JSON (exit " + exit + "): " + out + err, e);
      }
    }
  }

  /**
   * {@code aws ecs <args>} against this cloud with {@code key}: no config or credentials file of
   * the machine is read, output JSON. Fails clearly when the CLI is missing.
   */
  public static CliResult cli(Key key, String... args) {
    List<String> command = new ArrayList<>(List.of("ecs"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint(), "--output", "json"));
    AwsCli.Result r = AwsCli.run(AwsCli.isolatedEnv(key.id(), key.secret()), command,
        Duration.ofSeconds(120));
    return new CliResult(r.exit(), r.out(), r.err());
  }

}
