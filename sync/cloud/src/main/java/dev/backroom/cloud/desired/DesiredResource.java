package dev.backroom.cloud.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.selector.SelectorSyntaxException;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The operator's desired objects: task definitions and services, each with a store selector. */
@Path(SyncPaths.API_DESIRED)
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class DesiredResource {
  @Inject DesiredService service;
  @Inject DesiredStore desired;

  /** The body of a put: which stores, and the ECS spec. */
  public record PutBody(String selector, JsonNode spec) {}

  /**
   * One stored desired object as listed; {@code redeploys} counts the new deployments of a
   * service forced through the cloud's ECS endpoint (a put keeps it).
   */
  public record View(DesiredKind kind, String name, String selector, String specHash,
      Instant updatedAt, JsonNode spec, int redeploys) {}

  @PUT
  @Path("{kind}/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public DesiredService.Outcome put(@PathParam("kind") String kindPath,
      @PathParam("name") String name, PutBody body) {
    DesiredKind kind = kind(kindPath);
    if (body == null) {
      throw CloudError.badRequest("body must be {\"selector\": \"...\", \"spec\": {...}}");
    }
    List<Violation> violations = SpecCheck.violations(kind, name, body.selector(), body.spec());
    if (!violations.isEmpty()) {
      throw CloudError.invalid(ErrorCodes.INVALID_SPEC, label(kind) + " " + name, violations);
    }
    return service.put(kind, name, LabelSelector.parse(body.selector()), body.spec());
  }

  @DELETE
  @Path("{kind}/{name}")
  public DesiredService.Outcome delete(@PathParam("kind") String kindPath,
      @PathParam("name") String name, @QueryParam(SyncPaths.PARAM_SELECTOR) String selector) {
    DesiredKind kind = kind(kindPath);
    LabelSelector s = selector(selector);
    return service.delete(kind, name, s).orElseThrow(() -> CloudError.notFound("no "
        + label(kind) + " " + name + " with selector '" + s + "'"));
  }

  @GET
  public List<View> list() {
    return desired.all().stream().map(o -> new View(o.kind(), o.name(), o.selector().toString(),
        o.specHash(), o.updatedAt(), o.spec(), o.redeploys())).toList();
  }

  static LabelSelector selector(String text) {
    try {
      return LabelSelector.parse(text);
    } catch (SelectorSyntaxException e) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "selector",
          List.of(new Violation("selector", e.getMessage())));
    }
  }

  private static DesiredKind kind(String path) {
    return switch (path) {
      case "task-definitions" -> DesiredKind.TASK_DEFINITION;
      case "services" -> DesiredKind.SERVICE;
      default -> throw CloudError.notFound("no desired kind '" + path
          + "'; use task-definitions or services");
    };
  }

  private static String label(DesiredKind kind) {
    return kind == DesiredKind.TASK_DEFINITION ? "task definition" : "service";
  }
}
