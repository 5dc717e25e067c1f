package dev.backroom.cloud.openapi;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.wire.ErrorCodes;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code GET /q/openapi}: the OpenAPI document of the cloud's REST API (operator and store calls)
 * and of its ECS endpoint, for the operator (admin token). The SmallRye OpenAPI extension builds
 * the document; its own route would be open to anyone, so application.properties moves it aside
 * and switches it off, and the document is served here, behind the operator API's name binding.
 * YAML by default, JSON with {@code ?format=json} or {@code Accept: application/json}, as the
 * hub's.
 */
@Path("/q/openapi")
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class OpenApiResource {
  /** The extension's name for the one document the cloud has. */
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

  /** {@code format} wins over {@code Accept}; a format the cloud does not serve is refused. */
  static boolean wantsJson(String format, String accept) {
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "json" -> true;
        case "yaml" -> false;
        default -> throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "query", List.of(
            new Violation("format", "must be json or yaml, not '" + clip(format) + "'")));
      };
    }
    return accept != null && accept.contains(JSON) && !accept.contains("yaml");
  }

  private static String clip(String s) {
    return s.length() > 32 ? s.substring(0, 32) + "..." : s;
  }
}
