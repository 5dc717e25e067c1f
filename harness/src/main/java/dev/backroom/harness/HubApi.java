package dev.backroom.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A tiny JSON client for the hub's REST API; with a token, every call sends it as a bearer. For
 * an {@code https://} hub it trusts only the store CA file it is given.
 */
public final class HubApi {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  /** One client per CA file: a client holds a connection pool and threads. */
  private static final java.util.Map<java.nio.file.Path, HttpClient> TLS_CLIENTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final String base;
  private final String token;
  private final java.nio.file.Path caFile;

  /** Without credentials: only health answers. */
  public HubApi(String base) {
    this(base, null);
  }

  /** @param token a bearer token, or null for none */
  public HubApi(String base, String token) {
    this(base, token, null);
  }

  /**
   * @param caFile the store CA (PEM) trusted for an https:// base, and nothing else; read at the
   *     first call (the hub writes it as it starts), null for plain HTTP
   */
  public HubApi(String base, String token, java.nio.file.Path caFile) {
    this.base = base;
    this.token = token;
    this.caFile = caFile;
  }

  /** The same hub with another bearer token, e.g. one of a user with a lesser role. */
  public HubApi withToken(String other) {
    return new HubApi(base, other, caFile);
  }

  private HttpClient http() throws IOException {
    if (caFile == null) {
      return HTTP;
    }
    HttpClient c = TLS_CLIENTS.get(caFile);
    if (c == null) {
      if (!java.nio.file.Files.exists(caFile)) {
        throw new IOException("no store CA yet at " + caFile);
      }
      c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
          .sslContext(dev.backroom.mqtt.tls.PinnedCa.fromFile(caFile).sslContext()).build();
      TLS_CLIENTS.put(caFile, c);
    }
    return c;
  }

  /**
   * Creates a user with {@code role} (password {@code password}) and a token for it, as this
   * client's caller, which must be an admin; returns a client acting as that user.
   */
  public HubApi asNewUser(String username, String password, String role) {
    post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
        + "\",\"role\":\"" + role + "\"}").expect(201);
    String t = post("/api/v1/tokens", "{\"username\":\"" + username + "\",\"name\":\"e2e\"}")
        .expect(201).json().get("token").asText();
    return withToken(t);
  }

  public record Reply(int status, String body) {
    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    public Reply expect(int code) {
      if (status != code) {
        throw new AssertionError("expected HTTP " + code + " but got " + status + ": " + body);
      }
      return this;
    }
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Reply post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply put(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** The HTTP status, or -1 when nothing answers. */
  public int status(String path) {
    try {
      return http().send(authorized(HttpRequest.newBuilder(URI.create(base + path)))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http().send(authorized(b).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
