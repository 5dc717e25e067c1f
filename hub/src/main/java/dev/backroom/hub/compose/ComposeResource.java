package dev.backroom.hub.compose;

import dev.backroom.compose.ComposeConverter;
import dev.backroom.compose.ComposeInput;
import dev.backroom.compose.ComposeResult;
import dev.backroom.config.validate.Violation;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.auth.Actors;
import dev.backroom.hub.web.ActionRequest;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * {@code compose up} and {@code down} over REST: a Compose file in, its task definitions and
 * services registered in one transaction, or every refusal and nothing changed. The body limit
 * is the hub's own ({@code quarkus.http.limits.max-body-size}), answered 413 before this runs.
 */
@Path("/api/v1/compose")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ComposeResource {
  /** The YAML media types a Compose file is sent as. */
  static final String[] YAML = {"application/yaml", "text/yaml", "application/x-yaml"};

  @Inject ComposeApply apply;
  @Inject ComposeProjectStore projects;
  @Inject Actors actors;

  /** The file alone: no env files, no variables from the caller (the file's defaults apply). */
  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes({"application/yaml", "text/yaml", "application/x-yaml"})
  public ComposeApply.Outcome upYaml(String body, @QueryParam("project") String project,
      @QueryParam("dryRun") String dryRun, @QueryParam("profile") List<String> profiles,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return up(ComposeParts.yamlOnly(body), project, dryRun, profiles, actor);
  }

  /**
   * The file as part {@code compose}; env files as parts named as the file names them
   * ({@code ./web.env}, {@code .env}); the caller's variables as part {@code environment}.
   */
  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public ComposeApply.Outcome upMultipart(MultipartFormDataInput form,
      @QueryParam("project") String project, @QueryParam("dryRun") String dryRun,
      @QueryParam("profile") List<String> profiles,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return up(ComposeParts.read(form), project, dryRun, profiles, actor);
  }

  /** Any other body: 415 naming the types this takes (the hub's default says JSON). */
  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.WILDCARD)
  public Response unsupported() {
    return ApiError.response(415, ApiError.codeOf(415), "send the Compose file as "
        + String.join(", ", YAML) + ", or as part compose of multipart/form-data");
  }

  @GET
  public List<ComposeProjectStore.Project> list() {
    return projects.list();
  }

  @GET
  @Path("{project}")
  public ComposeProjectStore.Project get(@PathParam("project") String project) {
    return projects.find(project).orElseThrow(() ->
        ApiError.notFound("no Compose project " + project));
  }

  /** Removes the project's services and deregisters its task definitions (INACTIVE). */
  @DELETE
  @Path("{project}")
  @RolesAllowed(Roles.OPERATOR)
  public ComposeApply.Removal down(@PathParam("project") String project,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    AuditTarget.set("compose/" + project);
    return apply.down(project, actors.current(ActionRequest.actor(null, actor)))
        .orElseThrow(() -> ApiError.notFound("no Compose project " + project));
  }

  private ComposeApply.Outcome up(ComposeParts parts, String project, String dryRun,
      List<String> profiles, String actor) {
    if (project == null || project.isBlank()) {
      throw ApiError.invalid("compose request", List.of(new Violation("project",
          "required: ?project=NAME (lowercase letters, digits, '-' and '_')")));
    }
    if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
      throw ApiError.invalid("compose request", List.of(new Violation("dryRun",
          "must be true or false")));
    }
    boolean dry = "true".equals(dryRun);
    AuditTarget.set("compose/" + project + (dry ? " (dry run)" : ""));
    ComposeResult result = ComposeConverter.convert(new ComposeInput(parts.yaml(), project,
        parts.environment(), parts.files(), Set.copyOf(profiles == null ? List.of() : profiles)));
    if (!result.accepted()) {
      throw refused(400, ApiError.INVALID, "the Compose file cannot run as written: "
          + result.refusals().size() + " refusal(s); nothing was changed",
          result.refusals().stream().map(ComposeViolation::of).toList());
    }
    try {
      return apply.up(project, result, dry, actors.current(ActionRequest.actor(null, actor)));
    } catch (ComposeApply.Conflict c) {
      throw refused(409, "conflict", "the file names services or task definitions that Compose"
          + " project " + project + " does not own; nothing was changed", c.violations);
    }
  }

  private static WebApplicationException refused(int status, String error, String message,
      List<ComposeViolation> violations) {
    AuditTarget.refused(error, message);
    return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
        .entity(new ComposeViolation.Body(error, message, violations)).build());
  }
}
