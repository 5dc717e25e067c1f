package dev.backroom.hub.sync;

import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.metrics.Channel;
import dev.backroom.sync.metrics.Direction;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.ErrorBody;
import dev.backroom.sync.wire.RevisionAck;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.SyncPaths;
import dev.backroom.sync.wire.WireFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * {@link CloudLink} over HTTP/1.1 with the JDK client, as docs/sync-protocol.md describes it.
 * Counts request bodies up and response bodies down on the {@link ByteMeter}. Errors become
 * {@link CloudFailure}s carrying the cloud's own message; the credential never appears in one.
 */
public final class HttpCloudLink implements CloudLink {
  private final URI base;
  private final String credential;
  private final Duration requestTimeout;
  private final ByteMeter meter;
  private final HttpClient http;

  public HttpCloudLink(URI cloudUrl, String credential, Duration requestTimeout, ByteMeter meter) {
    String s = cloudUrl.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.credential = credential;
    this.requestTimeout = requestTimeout;
    this.meter = meter;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(requestTimeout).build();
  }

  @Override
  public DesiredChanges pollDesired(long since, Duration wait) throws CloudFailure {
    long seconds = Math.max(0, Math.min(SyncPaths.MAX_WAIT_SECONDS, wait.toSeconds()));
    HttpRequest req = request(SyncPaths.DESIRED + "?" + SyncPaths.PARAM_SINCE + "=" + since + "&"
        + SyncPaths.PARAM_WAIT + "=" + seconds, requestTimeout.plusSeconds(seconds)).GET().build();
    return read(send(req, Channel.DESIRED), DesiredChanges.class);
  }

  @Override
  public void ack(long revision) throws CloudFailure {
    byte[] body = SyncJson.write(new RevisionAck(revision));
    meter.record(Channel.DESIRED, Direction.UP, body.length);
    send(post(SyncPaths.DESIRED_ACK, body), Channel.DESIRED);
  }

  @Override
  public BatchReceipt sendReports(byte[] body) throws CloudFailure {
    meter.record(Channel.REPORTS, Direction.UP, body.length);
    return read(send(post(SyncPaths.REPORTS, body), Channel.REPORTS), BatchReceipt.class);
  }

  private HttpRequest post(String path, byte[] body) {
    return request(path, requestTimeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
        .header("Authorization", "Bearer " + credential).header("Accept", "application/json");
  }

  private byte[] send(HttpRequest req, Channel channel) throws CloudFailure {
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new CloudFailure(0, req.method() + " " + req.uri().getPath() + " timed out", e);
    } catch (IOException e) {
      throw new CloudFailure(0, req.method() + " " + req.uri().getPath() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudFailure(0, "interrupted", e);
    }
    byte[] body = resp.body() == null ? new byte[0] : resp.body();
    meter.record(channel, Direction.DOWN, body.length);
    if (resp.statusCode() / 100 != 2) {
      throw new CloudFailure(resp.statusCode(), req.method() + " " + req.uri().getPath() + ": "
          + describe(body), null);
    }
    return body;
  }

  private static String describe(byte[] body) {
    try {
      ErrorBody e = SyncJson.read(body, ErrorBody.class);
      if (e.error() != null) {
        return e.error() + (e.message() == null ? "" : " (" + e.message() + ")");
      }
    } catch (WireFormatException ignored) {
      // not the contract's error body: fall through to a short excerpt
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "no body" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static <T> T read(byte[] body, Class<T> type) throws CloudFailure {
    try {
      return SyncJson.read(body, type);
    } catch (WireFormatException e) {
      throw new CloudFailure(200, "unreadable answer: " + e.getMessage(), e);
    }
  }
}
