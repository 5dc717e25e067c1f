package dev.backroom.sync.enroll;

import dev.backroom.sync.auth.CloudIdentity;
import dev.backroom.sync.auth.CloudIdentityFile;
import dev.backroom.sync.client.SyncClient;
import dev.backroom.sync.client.SyncHttpException;
import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.wire.EnrollRequest;
import dev.backroom.sync.wire.EnrollResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code backroom hub enroll}: exchanges a one-time activation for the store's identity and keeps
 * it in {@code <data-dir>/cloud-identity.json} (mode 0600). Exit codes are part of the command's
 * contract: 0 enrolled, 2 refused by the cloud, 3 cloud unreachable, 64 usage.
 */
public final class EnrollMain {
  static final int OK = 0;
  static final int REFUSED = 2;
  static final int UNREACHABLE = 3;
  static final int USAGE = 64;

  private EnrollMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    EnrollArgs a;
    try {
      a = EnrollArgs.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("backroom hub enroll: " + e.getMessage());
      err.println(EnrollArgs.USAGE);
      return USAGE;
    }
    if (a.help()) {
      out.println(EnrollArgs.USAGE);
      return OK;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1).build();
    try {
      EnrollResponse r = SyncClient.enroll(http, a.cloud(),
          new EnrollRequest(a.activationId(), a.activationCode(), a.hubName()), ByteMeter.NONE,
          Duration.ofSeconds(30));
      // The hub talks to the URL it was enrolled through (it may be a proxy or a load balancer
      // in front of several cloud instances), not to whatever the cloud believes its own URL is.
      CloudIdentity identity = new CloudIdentity(a.cloud().toString(), r.storeId(), r.credential());
      Path file = CloudIdentityFile.write(a.dataDir(), identity);
      out.println("enrolled store " + r.storeId() + "; identity in " + file + " (mode 0600)");
      return OK;
    } catch (SyncHttpException e) {
      err.println("backroom hub enroll: refused by the cloud (" + e.status() + " " + e.error()
          + "): " + e.getMessage());
      return REFUSED;
    } catch (IOException e) {
      err.println("backroom hub enroll: cannot reach the cloud at " + a.cloud() + ": " + e);
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNREACHABLE;
    }
  }

  record EnrollArgs(URI cloud, String activationId, String activationCode, Path dataDir,
      String hubName, boolean help) {
    static final String USAGE = "Usage: backroom hub enroll --cloud URL --activation-id ID"
        + " --activation-code CODE [--data-dir DIR (default ./data/hub)] [--hub-name NAME]";

    static EnrollArgs parse(String[] args) {
      String cloud = null;
      String id = null;
      String code = null;
      String dir = "data/hub";
      String name = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          return new EnrollArgs(null, null, null, null, null, true);
        }
        String key = arg;
        String value;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          key = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        } else {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          value = args[++i];
        }
        switch (key) {
          case "--cloud" -> cloud = value;
          case "--activation-id" -> id = value;
          case "--activation-code" -> code = value;
          case "--data-dir" -> dir = value;
          case "--hub-name" -> name = value;
          default -> throw new IllegalArgumentException("unknown flag " + key);
        }
      }
      if (cloud == null || id == null || code == null) {
        throw new IllegalArgumentException(
            "--cloud, --activation-id and --activation-code are required");
      }
      URI uri;
      try {
        uri = URI.create(cloud);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--cloud is not a URL: " + cloud);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("--cloud must be an http:// or https:// URL: " + cloud);
      }
      return new EnrollArgs(uri, id, code, Path.of(dir), name, false);
    }
  }
}
