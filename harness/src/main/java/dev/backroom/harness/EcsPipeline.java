package dev.backroom.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A CI/CD pipeline pointed at a Backroom ECS endpoint, as the users run one: the real AWS
 * CLI ({@link #cli}) and the AWS SDK for Java v2 ({@link #sdk}), with an access key the hub
 * issued, trusting only the store CA when the endpoint is HTTPS. Nothing of the machine's AWS
 * configuration is read.
 */
public final class EcsPipeline {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An access key and its secret, as {@code POST /api/v1/access-keys} answers them. */
  public record Key(String id, String secret) {}

  private final String endpoint;
  private final Path caFile;
  private final Key key;
  private final Path workDir;

  /**
   * @param endpoint e.g. {@code https://127.0.0.1:8443/ecs}
   * @param caFile the store CA (PEM) for an https endpoint, null for http
   * @param workDir where CLI input files and outputs go
   */
  public EcsPipeline(String endpoint, Path caFile, Key key, Path workDir) {
    this.endpoint = endpoint;
    this.caFile = caFile;
    this.key = key;
    this.workDir = workDir;
  }

  /** A pipeline for {@code hub} with a new pipeline key of {@code role}, made by its admin. */
  public static EcsPipeline forHub(HubProcess hub, String role, Path workDir) {
    JsonNode k = hub.api().post("/api/v1/access-keys",
        "{\"role\":\"" + role + "\",\"description\":\"pipeline (test)\"}").expect(201).json();
    return new EcsPipeline(hub.baseUrl() + "/ecs", hub.tls() ? hub.caFile() : null,
        new Key(k.get("accessKeyId").asText(), k.get("secretAccessKey").asText()), workDir);
  }

  public Key key() {
    return key;
  }

  public String endpoint() {
    return endpoint;
  }

  /** The SDK's ECS client for this endpoint; close it after use. */
  public EcsClient sdk() {
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60));
    if (caFile != null) {
      try {
        TrustManager tm = PinnedCa.fromFile(caFile).trustManager();
        http.tlsTrustManagersProvider(() -> new TrustManager[] {tm});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return EcsClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(key.id(), key.secret())))
        .httpClient(http.build())
        .build();
  }

  /** What {@code aws ecs ...} printed, and its exit code. */
  public record CliResult(int exit, String out, String err) {
    public JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new IllegalStateException("the CLI printed no JSON (exit " + exit + "): " + out
            + err, e);
      }
    }

    public CliResult expectSuccess() {
      if (exit != 0) {
        throw new IllegalStateException("aws exited " + exit + ": " + err + out);
      }
      return this;
    }
  }

  /** Writes {@code json} to a file in the work directory, for {@code --cli-input-json file://}. */
  public String inputFile(String name, String json) {
    try {
      Files.createDirectories(workDir);
      Path f = workDir.resolve(name);
      Files.writeString(f, json);
      return "file://" + f.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code aws ecs <args> --endpoint-url <endpoint> --output json}, within {@code timeout}. */
  public CliResult cli(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("ecs"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
    if (caFile != null) {
      command.addAll(List.of("--ca-bundle", caFile.toAbsolutePath().toString()));
    }
    AwsCli.Result r = AwsCli.run(AwsCli.isolatedEnv(key.id(), key.secret()), command, timeout);
    return new CliResult(r.exit(), r.out(), r.err());
  }

  public CliResult cli(String... args) {
    return cli(Duration.ofMinutes(2), args);
  }
}
