package dev.backroom.cloud.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.wire.SyncJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The operator API over plain HTTP, for *IT tests against a running cloud process. */
public final class Operator {
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final String token;

  public Operator(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** An answer: status and parsed JSON body (null when empty). */
  public record Answer(int status, JsonNode body) {}

  public Answer call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(SyncJson.write(body)));
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = r.body().length == 0 ? null : SyncJson.mapper().readTree(r.body());
    return new Answer(r.statusCode(), json);
  }

  public JsonNode expect(int status, String method, String path, Object body) throws Exception {
    Answer a = call(method, path, body);
    if (a.status() != status) {
      throw new AssertionError(method + " " + path + ": expected " + status + " but got "
          + a.status() + " " + a.body());
    }
    return a.body();
  }

  public String metrics() throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
