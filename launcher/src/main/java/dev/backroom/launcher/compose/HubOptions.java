package dev.backroom.launcher.compose;

import dev.backroom.harness.Repo;
import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The hub a command talks to, as {@code hub activation create} names it: {@code --hub},
 * {@code --token} (default {@code $BACKROOM_HUB_TOKEN}), {@code --ca-file} (the store CA; only
 * it is trusted for https).
 */
public final class HubOptions {
  /** The hub could not be reached, or not over TLS signed by the store CA. */
  static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message);
    }
  }

  @Option(names = "--hub", paramLabel = "URL", defaultValue = "https://127.0.0.1:8080",
      description = "the hub (default ${DEFAULT-VALUE})")
  URI hub;

  @Option(names = "--token", paramLabel = "T", defaultValue = "${env:BACKROOM_HUB_TOKEN}",
      description = "bearer token of an operator (default $BACKROOM_HUB_TOKEN)")
  String token;

  @Option(names = "--ca-file", paramLabel = "F",
      description = "the store CA to trust for an https hub (default data/hub/tls/ca.pem in the"
          + " repository root, where ./backroom hub keeps it)")
  Path caFile;

  HttpResponse<String> send(CommandSpec spec, HttpRequest.Builder req) throws Unreachable {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if ("https".equals(hub.getScheme())) {
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
    req.timeout(Duration.ofSeconds(60));
    if (token != null && !token.isBlank()) {
      req.header("Authorization", "Bearer " + token);
    }
    try {
      return client.build().send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (SSLException e) {
      throw new Unreachable("no trusted TLS connection to " + hub + " (is --ca-file this hub's"
          + " store CA, <data-dir>/tls/ca.pem?): " + e);
    } catch (IOException e) {
      throw new Unreachable("cannot reach " + hub + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted");
    }
  }

  URI resolve(String pathAndQuery) {
    return hub.resolve(pathAndQuery);
  }
}
