package dev.backroom.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A tiny HTTP client for the cloud, with a bearer token (the operator's admin token or a store
 * credential) or none. Answers carry the status whatever it is, so tests can assert refusals.
 */
public final class CloudApi {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private final String base;
  private final String token;

  /** @param token sent as {@code Authorization: Bearer}; null sends no Authorization header */
  public CloudApi(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public CloudApi withToken(String other) {
    return new CloudApi(base, other);
  }

  public String base() {
    return base;
  }

  public HubApi.Reply get(String path) {
    return send("GET", path, null, Map.of());
  }

  public HubApi.Reply post(String path, String json) {
    return send("POST", path, json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json"));
  }

  public HubApi.Reply put(String path, String json) {
    return send("PUT", path, json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json"));
  }

  public HubApi.Reply delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** Any method, raw body bytes (e.g. a gzipped telemetry batch) and extra headers. */
  public HubApi.Reply send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new HubApi.Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + base + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The HTTP status of a GET, or -1 when nothing answers: for readiness polling. */
  public int status(String path) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(2)).GET();
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
