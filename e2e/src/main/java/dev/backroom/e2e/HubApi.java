package dev.backroom.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON client for the hub's REST API; with a token, every call sends it as a bearer. */
public final class HubApi {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final String base;
  private final String token;

  /** Without credentials: only health answers. */
  public HubApi(String base) {
    this(base, null);
  }

  /** @param token a bearer token, or null for none */
  public HubApi(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same hub with another bearer token, e.g. one of a user with a lesser role. */
  public HubApi withToken(String other) {
    return new HubApi(base, other);
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
      return HTTP.send(authorized(HttpRequest.newBuilder(URI.create(base + path)))
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
      HttpResponse<String> r = HTTP.send(authorized(b).timeout(Duration.ofSeconds(10)).build(),
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
