package dev.backroom.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.retry.Backoff;
import dev.backroom.sync.auth.StoreCredential;
import dev.backroom.sync.batch.Gzip;
import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.metrics.Channel;
import dev.backroom.sync.metrics.Direction;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.EnrollRequest;
import dev.backroom.sync.wire.EnrollResponse;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.RevisionAck;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.SyncPaths;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.WireFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A store's calls to the cloud, one attempt each: retrying (with {@link Backoff}) is the caller's,
 * because only the caller knows what is safe to resend. Thread-safe; blocking.
 *
 * <p>Every method throws {@link SyncHttpException} when the cloud answers with an error status,
 * another {@link IOException} when it cannot be reached or answers something unreadable, and
 * {@link InterruptedException} when the calling thread is interrupted.
 */
public final class SyncClient {
  /**
   * The contract's retry rule (docs/sync-protocol.md): full jitter over base 500 ms, cap 30 s,
   * so a fleet of stores that lost the cloud at the same moment does not come back in step.
   */
  public static final Backoff RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);
  private static final String JSON = "application/json";

  private final HttpClient http;
  private final URI cloud;
  private final StoreCredential credential;
  private final ByteMeter meter;
  private final Duration timeout;

  /**
   * @param cloud the cloud's base URL, e.g. {@code http://127.0.0.1:8090}
   * @param timeout how long one call may take beyond a long-poll's own wait
   */
  public SyncClient(HttpClient http, URI cloud, StoreCredential credential, ByteMeter meter,
      Duration timeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.credential = Objects.requireNonNull(credential, "credential");
    this.meter = meter == null ? ByteMeter.NONE : meter;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Exchanges an activation for a store identity; needs no credential. */
  public static EnrollResponse enroll(HttpClient http, URI cloud, EnrollRequest request,
      ByteMeter meter, Duration timeout) throws IOException, InterruptedException {
    byte[] body = SyncJson.write(request);
    HttpRequest req = HttpRequest.newBuilder(resolve(cloud, SyncPaths.ENROLL))
        .timeout(timeout).header("Content-Type", JSON).header("Accept", JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return exchange(http, req, body.length, Channel.ENROLL, meter == null ? ByteMeter.NONE : meter,
        EnrollResponse.class);
  }

  /**
   * Changes after {@code since}; blocks up to {@code waitSeconds} (capped at 60) when there are
   * none. Fails when the answer names another store.
   */
  public DesiredChanges fetchDesired(long since, int waitSeconds)
      throws IOException, InterruptedException {
    int wait = Math.max(0, Math.min(waitSeconds, SyncPaths.MAX_WAIT_SECONDS));
    URI uri = resolve(cloud, SyncPaths.DESIRED + "?" + SyncPaths.PARAM_SINCE + "=" + since + "&"
        + SyncPaths.PARAM_WAIT + "=" + wait);
    HttpRequest req = authorized(uri).timeout(timeout.plusSeconds(wait)).GET().build();
    DesiredChanges answer = exchange(http, req, 0, Channel.DESIRED, meter, DesiredChanges.class);
    if (!credential.storeId().equals(answer.storeId())) {
      throw new IOException("the cloud answered with the desired state of store "
          + answer.storeId() + " to store " + credential.storeId());
    }
    return answer;
  }

  /** Records that this store applied {@code revision}. */
  public void ackDesired(long revision) throws IOException, InterruptedException {
    post(SyncPaths.DESIRED_ACK, SyncJson.write(new RevisionAck(revision)), false, Channel.DESIRED,
        JsonNode.class);
  }

  public BatchReceipt sendReports(ReportBatch batch) throws IOException, InterruptedException {
    return post(SyncPaths.REPORTS, SyncJson.write(batch), false, Channel.REPORTS,
        BatchReceipt.class);
  }

  /**
   * Sends a report batch exactly as persisted: a resend after a crash must be byte-identical so
   * that the cloud recognises its sequence.
   */
  public BatchReceipt sendReports(byte[] json) throws IOException, InterruptedException {
    return post(SyncPaths.REPORTS, json, false, Channel.REPORTS, BatchReceipt.class);
  }

  /** Sends an already gzip-compressed telemetry batch exactly as persisted. */
  public BatchReceipt sendTelemetryGzipped(byte[] gzippedJson)
      throws IOException, InterruptedException {
    return post(SyncPaths.TELEMETRY, gzippedJson, true, Channel.TELEMETRY, BatchReceipt.class);
  }

  /** Sends the batch gzip-compressed; the byte meter sees the compressed size. */
  public BatchReceipt sendTelemetry(TelemetryBatch batch) throws IOException, InterruptedException {
    return post(SyncPaths.TELEMETRY, Gzip.compress(SyncJson.write(batch)), true, Channel.TELEMETRY,
        BatchReceipt.class);
  }

  private <T> T post(String path, byte[] body, boolean gzip, Channel channel, Class<T> type)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = authorized(resolve(cloud, path)).timeout(timeout)
        .header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      b.header("Content-Encoding", Gzip.ENCODING);
    }
    return exchange(http, b.build(), body.length, channel, meter, type);
  }

  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", credential.authorizationHeader())
        .header("Accept", JSON);
  }

  private static <T> T exchange(HttpClient http, HttpRequest req, long upBytes, Channel channel,
      ByteMeter meter, Class<T> type) throws IOException, InterruptedException {
    HttpResponse<byte[]> res = withDeadline(http, req);
    byte[] body = res.body() == null ? new byte[0] : res.body();
    meter.record(channel, Direction.UP, upBytes);
    meter.record(channel, Direction.DOWN, body.length);
    if (res.statusCode() / 100 != 2) {
      throw refusal(res.statusCode(), body);
    }
    if (type == JsonNode.class && body.length == 0) {
      return null;
    }
    try {
      return SyncJson.read(body, type);
    } catch (WireFormatException e) {
      throw new IOException("the cloud's answer to " + req.method() + " " + req.uri().getPath()
          + " is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The JDK client's request timeout ends once the response headers are in, so a cloud (or a
   * proxy) that stalls half-way through a body would hold the call forever. The whole exchange
   * gets the request's timeout plus a margin.
   */
  private static HttpResponse<byte[]> withDeadline(HttpClient http, HttpRequest req)
      throws IOException, InterruptedException {
    Duration deadline = req.timeout().orElse(Duration.ofSeconds(30)).plus(DEADLINE_MARGIN);
    CompletableFuture<HttpResponse<byte[]>> f =
        http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HttpTimeoutException(req.method() + " " + req.uri().getPath()
          + " did not complete within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(req.method() + " " + req.uri().getPath() + ": " + c, c);
    }
  }

  static SyncHttpException refusal(int status, byte[] body) {
    try {
      JsonNode n = SyncJson.read(body, JsonNode.class);
      if (n.hasNonNull("error")) {
        OptionalLong expected = n.hasNonNull("expected") && n.get("expected").canConvertToLong()
            ? OptionalLong.of(n.get("expected").asLong()) : OptionalLong.empty();
        return new SyncHttpException(status, n.get("error").asText(),
            n.path("message").asText(""), expected);
      }
    } catch (WireFormatException e) {
      // not an error body (a proxy's HTML page, say): fall through to the status alone
    }
    String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
    return new SyncHttpException(status, "http_" + status, text.strip(), OptionalLong.empty());
  }

  private static URI resolve(URI base, String pathAndQuery) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
  }
}
