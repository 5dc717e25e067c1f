package dev.backroom.cloud.metrics;

import dev.backroom.sync.wire.SyncPaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code backroom_cloud_sync_requests_seconds{endpoint,status}}: count and latency of each store
 * endpoint. The endpoint tag is a fixed name, never the raw path, so it cannot explode in
 * cardinality. A long-poll's latency includes its wait.
 */
public class SyncRequestMetrics {
  public static final String NAME = "backroom.cloud.sync.requests";
  private static final String START = SyncRequestMetrics.class.getName() + ".start";

  @Inject MeterRegistry registry;

  @ServerRequestFilter(preMatching = true)
  public void start(ContainerRequestContext ctx) {
    if (ctx.getUriInfo().getPath().startsWith(SyncPaths.SYNC_ROOT)) {
      ctx.setProperty(START, System.nanoTime());
    }
  }

  @ServerResponseFilter
  public void stop(ContainerRequestContext req, ContainerResponseContext res) {
    if (req.getProperty(START) instanceof Long started) {
      Timer.builder(NAME)
          .description("Store sync requests by endpoint and HTTP status")
          .tag("endpoint", endpoint(req.getUriInfo().getPath()))
          .tag("status", Integer.toString(res.getStatus()))
          .publishPercentileHistogram(false)
          .register(registry)
          .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  static String endpoint(String path) {
    return switch (path) {
      case SyncPaths.ENROLL -> "enroll";
      case SyncPaths.DESIRED -> "desired";
      case SyncPaths.DESIRED_ACK -> "desired-ack";
      case SyncPaths.REPORTS -> "reports";
      case SyncPaths.TELEMETRY -> "telemetry";
      default -> "other";
    };
  }
}
