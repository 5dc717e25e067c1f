package dev.backroom.hub.sync;

import dev.backroom.sync.auth.StoreCredential;
import dev.backroom.sync.client.SyncClient;
import dev.backroom.sync.client.SyncHttpException;
import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.DesiredChanges;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * {@link CloudLink} over the protocol's {@link SyncClient}. Turns its failures into
 * {@link CloudFailure}s that carry the cloud's own message; the credential never appears in one.
 */
public final class HttpCloudLink implements CloudLink {
  private final SyncClient client;

  public HttpCloudLink(URI cloudUrl, String credential, Duration requestTimeout, ByteMeter meter) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(requestTimeout).build();
    this.client = new SyncClient(http, cloudUrl, StoreCredential.parse(credential), meter,
        requestTimeout);
  }

  @Override
  public DesiredChanges pollDesired(long since, Duration wait) throws CloudFailure {
    return call("GET desired", () -> client.fetchDesired(since, (int) Math.min(
        Integer.MAX_VALUE, wait.toSeconds())));
  }

  @Override
  public void ack(long revision) throws CloudFailure {
    call("POST desired/ack", () -> {
      client.ackDesired(revision);
      return null;
    });
  }

  @Override
  public BatchReceipt sendReports(byte[] body) throws CloudFailure {
    return call("POST reports", () -> client.sendReports(body));
  }

  /** Sends a persisted, already compressed telemetry batch. */
  public BatchReceipt sendTelemetry(byte[] gzipped) throws CloudFailure {
    return call("POST telemetry", () -> client.sendTelemetryGzipped(gzipped));
  }

  private interface Call<T> {
    T run() throws IOException, InterruptedException;
  }

  private static <T> T call(String what, Call<T> c) throws CloudFailure {
    try {
      return c.run();
    } catch (SyncHttpException e) {
      throw new CloudFailure(e.status(), what + ": " + e.error() + " (" + e.getMessage() + ")", e);
    } catch (HttpTimeoutException e) {
      throw new CloudFailure(0, what + " timed out", e);
    } catch (IOException e) {
      throw new CloudFailure(0, what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudFailure(0, "interrupted", e);
    }
  }
}
