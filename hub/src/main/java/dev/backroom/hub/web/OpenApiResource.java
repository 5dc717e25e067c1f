package dev.backroom.hub.web;

import dev.backroom.config.validate.Violation;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /q/openapi}: the OpenAPI document of the hub's REST API, for any signed-in role. The
 * SmallRye OpenAPI extension builds the document; its own route would be guarded only by path
 * (which Quarkus 3.33.2 lets odd spellings bypass), so application.properties moves it aside and
 * switches it off, and the document is served here, behind this class's annotation like
 * {@link MetricsResource}. YAML by default, JSON with {@code ?format=json} or {@code Accept:
 * application/json}, as the extension's route answered.
 */
@Path("/q/openapi")
@RolesAllowed(Roles.VIEWER)
public class OpenApiResource {
  /** The extension's name for the one document the hub has. */
  static final String DOCUMENT = "<default>";
  static final String YAML = "application/yaml";
  static final String JSON = "application/json";

  @Inject OpenApiDocumentService documents;

  @GET
  @Operation(summary = "This document (YAML, or JSON with format=json)")
  public Response document(@QueryParam("format") String format,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    boolean json = wantsJson(format, accept);
    byte[] body = documents.getDocument(DOCUMENT, json ? Format.JSON : Format.YAML);
    return Response.ok(body).type((json ? JSON : YAML) + ";charset=UTF-8").build();
  }

  /** {@code format} wins over {@code Accept}; a format the hub does not serve is refused. */
  static boolean wantsJson(String format, String accept) {
    if (format != null) {
      return switch (format.toLowerCase(java.util.Locale.ROOT)) {
        case "json" -> true;
        case "yaml" -> false;
        default -> throw ApiError.invalid("query", List.of(
            new Violation("format", "must be json or yaml, not '" + clip(format) + "'")));
      };
    }
    return accept != null && accept.contains(JSON) && !accept.contains("yaml");
  }

  private static String clip(String s) {
    return s.length() > 32 ? s.substring(0, 32) + "..." : s;
  }
}
