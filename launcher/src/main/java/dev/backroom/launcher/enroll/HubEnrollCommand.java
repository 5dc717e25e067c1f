package dev.backroom.launcher.enroll;

import dev.backroom.harness.Repo;
import dev.backroom.launcher.Main;
import dev.backroom.sync.auth.CloudIdentity;
import dev.backroom.sync.auth.CloudIdentityFile;
import dev.backroom.sync.client.SyncClient;
import dev.backroom.sync.client.SyncHttpException;
import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.wire.EnrollRequest;
import dev.backroom.sync.wire.EnrollResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code backroom hub enroll}: exchanges a one-time activation for the store's identity and keeps
 * it in {@code <data-dir>/cloud-identity.json} (mode 0600). Exit codes are part of the command's
 * contract: 0 enrolled, 2 refused by the cloud, 3 cloud unreachable, 64 usage.
 */
@Command(name = "enroll", header = "Enrols this store's hub with the cloud (writes cloud-identity.json).", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = {"Enrols this store's hub with the cloud, once, with an activation an operator"
        + " created there (POST /api/v1/activations). On success it writes"
        + " <data-dir>/cloud-identity.json ({cloudUrl, storeId, credential}, mode 0600), which"
        + " the hub reads at start."},
    footer = {"", "Exit codes: 0 enrolled; 2 refused by the cloud (wrong code, no such activation,"
        + " expired, used up: the cloud's message is printed on stderr); 3 cloud unreachable;"
        + " 64 usage error."})
public final class HubEnrollCommand implements Callable<Integer> {
  public static final int OK = 0;
  public static final int REFUSED = 2;
  public static final int UNREACHABLE = 3;

  @Spec
  CommandSpec spec;

  @Option(names = "--cloud", paramLabel = "URL", required = true, converter = HttpUrl.class,
      description = "the cloud's URL; the hub keeps talking to it through this URL")
  URI cloud;

  @Option(names = "--activation-id", paramLabel = "ID", required = true)
  String activationId;

  @Option(names = "--activation-code", paramLabel = "CODE", required = true)
  String activationCode;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "the hub's data directory (default: data/hub in the repository root, where"
          + " ./backroom hub keeps it)")
  Path dataDir;

  @Option(names = "--hub-name", paramLabel = "NAME", description = "how the cloud names this hub")
  String hubName;

  @Override
  public Integer call() {
    // The hub runs in the repository root with its default ./data/hub: enrol where it reads.
    Path dir = dataDir != null ? dataDir : Repo.root().resolve("data").resolve("hub");
    return enroll(cloud, activationId, activationCode, dir, hubName,
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** The exchange and the identity file; returns the command's exit code. */
  public static int enroll(URI cloud, String activationId, String activationCode, Path dataDir,
      String hubName, PrintWriter out, PrintWriter err) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1).build();
    try {
      EnrollResponse r = SyncClient.enroll(http, cloud,
          new EnrollRequest(activationId, activationCode, hubName), ByteMeter.NONE,
          Duration.ofSeconds(30));
      // The hub talks to the URL it was enrolled through (it may be a proxy or a load balancer
      // in front of several cloud instances), not to whatever the cloud believes its own URL is.
      CloudIdentity identity = new CloudIdentity(cloud.toString(), r.storeId(), r.credential());
      Path file = CloudIdentityFile.write(dataDir, identity);
      out.println("enrolled store " + r.storeId() + "; identity in " + file + " (mode 0600)");
      out.flush();
      return OK;
    } catch (SyncHttpException e) {
      err.println("backroom hub enroll: refused by the cloud (" + e.status() + " " + e.error()
          + "): " + e.getMessage());
      err.flush();
      return REFUSED;
    } catch (IOException e) {
      err.println("backroom hub enroll: cannot reach the cloud at " + cloud + ": " + e);
      err.flush();
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNREACHABLE;
    }
  }

  /** An http:// or https:// URL. */
  static final class HttpUrl implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      URI uri;
      try {
        uri = URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("not a URL: " + value);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new TypeConversionException("must be an http:// or https:// URL: " + value);
      }
      return uri;
    }
  }
}
