package dev.backroom.hub.accesskeys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.backroom.config.json.Json;
import dev.backroom.config.validate.Violation;
import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyRules;
import dev.backroom.ecs.keys.AccessKeyStatus;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.auth.UserStore;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * Access keys for the AWS-shaped APIs, admins only. The secret is in the create answer and
 * nowhere else; the audit log records every change (this sets its target to the key).
 */
@Path("/api/v1/access-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AccessKeyResource {
  private static final String FIELDS = "username, role, description, expiresInSeconds";

  @Inject AccessKeys keys;
  @Inject UserStore users;

  /** {@code username} absent: a pipeline key, which needs a {@code role}. */
  public record NewAccessKey(String username, String role, String description,
      Long expiresInSeconds) {}

  public record AccessKeyView(String accessKeyId, String username, String role,
      String description, Instant createdAt, Instant expiresAt, AccessKeyStatus status) {
    static AccessKeyView of(AccessKeys.Listed k) {
      return new AccessKeyView(k.accessKeyId(), k.username(), k.role(), k.description(),
          k.createdAt(), k.expiresAt(), k.status());
    }
  }

  /** The create answer: the only place the secret ever appears. */
  public record IssuedAccessKey(String accessKeyId, String secretAccessKey, String username,
      String role, String description, Instant createdAt, Instant expiresAt,
      AccessKeyStatus status) {}

  @GET
  public List<AccessKeyView> list() {
    return keys.list(Instant.now()).stream().map(AccessKeyView::of).toList();
  }

  @GET
  @Path("{id}")
  public AccessKeyView get(@PathParam("id") String id) {
    return AccessKeyView.of(find(id, Instant.now()));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String json) {
    NewAccessKey b = read(json);
    String userRole = b.username() == null ? null
        : users.find(b.username()).map(UserStore.User::role).orElse(null);
    List<Violation> v = AccessKeyRules.check(b.username(), b.role(), b.description(),
        b.expiresInSeconds(), userRole);
    if (!v.isEmpty()) {
      throw ApiError.invalid("access key", v);
    }
    Instant now = Instant.now();
    Instant expiresAt = b.expiresInSeconds() == null ? null
        : now.plusSeconds(b.expiresInSeconds());
    AccessKeys.Issued issued = keys.issue(b.username(), AccessKeyRules.role(b.role(), userRole),
        b.description(), expiresAt, now);
    AccessKeys.Listed k = issued.key();
    AuditTarget.set("access-key " + k.accessKeyId() + " for "
        + AccessKeyGrant.owner(k.username(), k.accessKeyId()) + " (" + k.role() + ")");
    return Response.status(Response.Status.CREATED).entity(new IssuedAccessKey(k.accessKeyId(),
        issued.secretAccessKey(), k.username(), k.role(), k.description(), k.createdAt(),
        k.expiresAt(), k.status())).build();
  }

  /** Stops the key at once: its next signed request is refused. Disabling twice is no error. */
  @POST
  @Path("{id}/disable")
  public AccessKeyView disable(@PathParam("id") String id, String body) {
    return setEnabled(id, body, false);
  }

  /** Lets a disabled key sign again; an expired or unreadable one is 409. */
  @POST
  @Path("{id}/enable")
  public AccessKeyView enable(@PathParam("id") String id, String body) {
    return setEnabled(id, body, true);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, String body) {
    noBody(body);
    AuditTarget.set("access-key " + id);
    if (!keys.delete(id)) {
      throw notFound(id);
    }
    return Response.noContent().build();
  }

  private AccessKeyView setEnabled(String id, String body, boolean enabled) {
    noBody(body);
    AuditTarget.set("access-key " + id);
    Instant now = Instant.now();
    AccessKeys.Listed k = find(id, now);
    if (enabled && (k.status() == AccessKeyStatus.EXPIRED
        || k.status() == AccessKeyStatus.UNREADABLE)) {
      throw ApiError.conflict("access key " + id + " is " + k.status()
          + ", which enabling cannot undo; issue a new key");
    }
    if (!keys.setEnabled(id, enabled)) {
      throw notFound(id); // deleted meanwhile
    }
    return AccessKeyView.of(find(id, now));
  }

  private AccessKeys.Listed find(String id, Instant now) {
    return keys.get(id, now).orElseThrow(() -> notFound(id));
  }

  private static jakarta.ws.rs.WebApplicationException notFound(String id) {
    return ApiError.notFound("no access key " + (id.length() > 64 ? id.substring(0, 64) + "..."
        : id));
  }

  /**
   * Reads the create body, refusing fields it does not know (the hub's JSON setup skips them,
   * which would drop what a caller meant) and fractions where whole seconds are meant.
   */
  private static NewAccessKey read(String json) {
    if (json == null || json.isBlank()) {
      throw ApiError.invalid("access key", List.of(new Violation("", "a JSON body is required,"
          + " {} at least (its fields: " + FIELDS + ")")));
    }
    try {
      NewAccessKey b = Json.mapper().readerFor(NewAccessKey.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .readValue(json);
      if (b == null) {
        throw ApiError.invalid("access key", List.of(new Violation("", "must be a JSON object")));
      }
      return b;
    } catch (UnrecognizedPropertyException e) {
      throw ApiError.invalid("access key", List.of(new Violation(e.getPropertyName(),
          "unknown field: the body takes " + FIELDS)));
    } catch (JsonProcessingException e) {
      // broken JSON or a wrong type: the mappers' 400 invalid_json with the parser's message
      throw new jakarta.ws.rs.WebApplicationException(e, 400);
    }
  }

  /** The actions take no body; one that says something would be silently ignored. */
  private static void noBody(String body) {
    if (body != null && !body.isBlank() && !body.replaceAll("\\s", "").equals("{}")) {
      throw ApiError.invalid("request", List.of(new Violation("", "this action takes no body")));
    }
  }
}
