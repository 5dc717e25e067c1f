package dev.backroom.launcher.activation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.Repo;
import dev.backroom.launcher.Main;
import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code backroom hub activation create}: {@code POST /api/v1/device-activations} on a running
 * hub, an admin action, printing the hub's answer as it is. Trusts only the store CA for https.
 */
@Command(name = "create", header = "Creates a device activation on a running hub (id and code, shown once).", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = {"Creates a device activation on a running hub and prints the hub's answer:"
        + " activationId and activationCode, shown this once, and caFingerprint, the store CA's"
        + " sha256 pin. A device then runs ./backroom agent register --hub URL --activation-id ID"
        + " --activation-code CODE --device-id ID --ca-fingerprint sha256:..."},
    footer = {"", "Exit codes: 0 created; 2 refused by the hub (its answer on stderr); 1 hub"
        + " unreachable or not signed by the CA; 64 usage error."})
public final class ActivationCreateCommand implements Callable<Integer> {
  static final int CREATED = 0;
  static final int UNREACHABLE = 1;
  static final int REFUSED = 2;
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  @Spec
  CommandSpec spec;

  @Option(names = "--hub", paramLabel = "URL", defaultValue = "https://127.0.0.1:8080",
      description = "the hub (default ${DEFAULT-VALUE})")
  URI hub;

  @Option(names = "--token", paramLabel = "T", defaultValue = "${env:BACKROOM_HUB_TOKEN}",
      description = "bearer token of an admin (default $BACKROOM_HUB_TOKEN)")
  String token;

  @Option(names = "--ca-file", paramLabel = "F",
      description = "the store CA to trust for an https hub (default data/hub/tls/ca.pem in the"
          + " repository root, where ./backroom hub keeps it)")
  Path caFile;

  @Option(names = "--expires-in", paramLabel = "SECONDS",
      description = "default: the hub's backroom.enrollment.default-expiry")
  Long expiresIn;

  @Option(names = "--max-uses", paramLabel = "N",
      description = "how many devices may register with it (default: the hub's)")
  Integer maxUses;

  @Option(names = "--device-id", paramLabel = "ID",
      description = "bind it to this one device id (one use)")
  String deviceId;

  @Option(names = "--replace",
      description = "with --device-id: it may re-enrol that device although it is enrolled (a"
          + " wiped or swapped device); its old credential is revoked and its broker sessions"
          + " dropped. Without it the hub refuses an enrolled id (409 device_exists)")
  boolean replace;

  @Option(names = "--note", paramLabel = "TEXT",
      description = "why, kept with the activation (max 1024 characters)")
  String note;

  @Override
  public Integer call() {
    String body = body();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if ("https".equals(hub.getScheme())) {
      // The store CA only, never the system's CAs, and no way to switch verification off.
      Path ca = caFile != null ? caFile : Repo.root().resolve("data/hub/tls/ca.pem");
      if (!Files.isRegularFile(ca)) {
        throw new ParameterException(spec.commandLine(), ca + " is missing; pass --ca-file (the"
            + " hub's <data-dir>/tls/ca.pem)");
      }
      try {
        client.sslContext(PinnedCa.fromFile(ca).sslContext());
      } catch (IOException | RuntimeException e) {
        throw new ParameterException(spec.commandLine(), "cannot read the CA in " + ca + ": "
            + e.getMessage());
      }
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(hub.resolve("/api/v1/device-activations"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null && !token.isBlank()) {
      req.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r;
    try {
      r = client.build().send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (SSLException e) {
      err.println("backroom hub activation create: no trusted TLS connection to " + hub
          + " (is --ca-file this hub's store CA, <data-dir>/tls/ca.pem?): " + e);
      return UNREACHABLE;
    } catch (IOException e) {
      err.println("backroom hub activation create: cannot reach " + hub + ": " + e);
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNREACHABLE;
    }
    if (r.statusCode() != 201) {
      err.println("backroom: the hub refused (HTTP " + r.statusCode() + "): " + r.body());
      return REFUSED;
    }
    out.println(r.body());
    return CREATED;
  }

  /** The request, from the flags given; a flag left out leaves the hub's default. */
  String body() {
    if (expiresIn != null && expiresIn < 0) {
      throw new ParameterException(spec.commandLine(), "--expires-in must be a number of seconds");
    }
    if (maxUses != null && maxUses < 0) {
      throw new ParameterException(spec.commandLine(), "--max-uses must be a number");
    }
    if (deviceId != null && !DEVICE_ID.matcher(deviceId).matches()) {
      throw new ParameterException(spec.commandLine(),
          "--device-id must be letters, digits, '_', '.', '-' (max 64)");
    }
    if (replace && deviceId == null) {
      throw new ParameterException(spec.commandLine(), "--replace needs --device-id");
    }
    if (note != null && note.chars().anyMatch(c -> c != '\n' && c != '\t' && Character.isISOControl(c))) {
      throw new ParameterException(spec.commandLine(), "--note must not hold control characters");
    }
    ObjectNode b = Json.mapper().createObjectNode();
    if (expiresIn != null) {
      b.put("expiresInSeconds", expiresIn);
    }
    if (maxUses != null) {
      b.put("maxUses", maxUses);
    }
    if (deviceId != null) {
      b.put("deviceId", deviceId);
    }
    if (replace) {
      b.put("replace", true);
    }
    if (note != null) {
      b.put("note", note);
    }
    return b.toString();
  }
}
