package dev.backroom.hub.web;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code GET /q/metrics}: the Prometheus scrape. It names devices and services, so any
 * signed-in role may read it and nobody else. The check is this class's annotation, which holds
 * whatever spelling of the path routed here, unlike a path-based permission.
 */
@Path("/q/metrics")
@RolesAllowed(Roles.VIEWER)
public class MetricsResource {
  @Inject PrometheusMeterRegistry registry;

  @GET
  public Response scrape(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
    String type = contentType(accept);
    return Response.ok(registry.scrape(type)).type(type).build();
  }

  /**
   * The format Quarkus's own Prometheus route chose, so scrapers and readers see what they saw
   * before: the 0.0.4 text format when asked for {@code text/plain} (or {@code text/html}, a
   * browser), else OpenMetrics 1.0.0.
   */
  static String contentType(String accept) {
    if (accept != null && (accept.contains("text/plain") || accept.contains("text/html"))) {
      return TextFormat.CONTENT_TYPE_004;
    }
    return TextFormat.CONTENT_TYPE_OPENMETRICS_100;
  }

  // Local to this resource, so its refusals carry a JSON body whatever the global mappers do.
  @ServerExceptionMapper
  Response unauthorized(UnauthorizedException e) {
    return Response.status(401).header("WWW-Authenticate", "Bearer realm=\"backroom\"")
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", "unauthorized", "message", "metrics need a login or a token"))
        .build();
  }

  @ServerExceptionMapper
  Response forbidden(ForbiddenException e) {
    return Response.status(403).type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", "forbidden", "message", "this role may not read metrics"))
        .build();
  }
}
