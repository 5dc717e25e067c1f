package dev.backroom.cloud.accesskeys;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.api.StrictBody;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.config.validate.Violation;
import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyRules;
import dev.backroom.ecs.keys.AccessKeyStatus;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/**
 * Access keys for the cloud's ECS endpoint, for the operator (admin token) only. The cloud has
 * no users, so every key is a pipeline key with a role; the secret is in the create answer and
 * nowhere else. Each change is logged with the key id (the cloud's audit table,
 * {@code GET /api/v1/audit}, holds the requests to its ECS endpoint).
 */
@Path(SyncPaths.API_ROOT + "/access-keys")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class AccessKeyResource {
  private static final Logger LOG = Logger.getLogger(AccessKeyResource.class);
  private static final String FIELDS = "role, description, expiresInSeconds";

  @Inject CloudAccessKeys keys;
  @Inject Clock clock;

  public record NewAccessKey(String role, String description, Long expiresInSeconds) {}

  public record AccessKeyView(String accessKeyId, String role, String description,
      String owner, Instant createdAt, Instant expiresAt, AccessKeyStatus status) {
    static AccessKeyView of(CloudAccessKeys.Listed k) {
      return new AccessKeyView(k.accessKeyId(), k.role(), k.description(),
          AccessKeyGrant.owner(null, k.accessKeyId()), k.createdAt(), k.expiresAt(), k.status());
    }
  }

  /** The create answer: the only place the secret ever appears. */
  public record IssuedAccessKey(String accessKeyId, String secretAccessKey, String role,
      String description, String owner, Instant createdAt, Instant expiresAt,
      AccessKeyStatus status) {}

  @GET
  public List<AccessKeyView> list() {
    return keys.list(clock.instant()).stream().map(AccessKeyView::of).toList();
  }

  @GET
  @Path("{id}")
  public AccessKeyView get(@PathParam("id") String id) {
    return AccessKeyView.of(find(id, clock.instant()));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String json) {
    NewAccessKey b = StrictBody.read(json, NewAccessKey.class, "access key", FIELDS);
    List<Violation> v = AccessKeyRules.check(null, b.role(), b.description(),
        b.expiresInSeconds(), null);
    if (!v.isEmpty()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "access key", v);
    }
    Instant now = clock.instant();
    Instant expiresAt = b.expiresInSeconds() == null ? null
        : now.plusSeconds(b.expiresInSeconds());
    CloudAccessKeys.Issued issued = keys.issue(b.role(), b.description(), expiresAt, now);
    CloudAccessKeys.Listed k = issued.key();
    LOG.infof("access key %s issued (%s, expires %s)", k.accessKeyId(), k.role(),
        expiresAt == null ? "never" : expiresAt);
    return Response.status(Response.Status.CREATED).entity(new IssuedAccessKey(k.accessKeyId(),
        issued.secretAccessKey(), k.role(), k.description(),
        AccessKeyGrant.owner(null, k.accessKeyId()), k.createdAt(), k.expiresAt(), k.status()))
        .build();
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
    StrictBody.none(body);
    if (!keys.delete(id)) {
      throw notFound(id);
    }
    LOG.infof("access key %s deleted", id);
    return Response.noContent().build();
  }

  private AccessKeyView setEnabled(String id, String body, boolean enabled) {
    StrictBody.none(body);
    Instant now = clock.instant();
    CloudAccessKeys.Listed k = find(id, now);
    if (enabled && (k.status() == AccessKeyStatus.EXPIRED
        || k.status() == AccessKeyStatus.UNREADABLE)) {
      throw CloudError.conflict("access key " + id + " is " + k.status()
          + ", which enabling cannot undo; issue a new key");
    }
    if (!keys.setEnabled(id, enabled)) {
      throw notFound(id); // deleted meanwhile
    }
    LOG.infof("access key %s %s", id, enabled ? "enabled" : "disabled");
    return AccessKeyView.of(find(id, now));
  }

  private CloudAccessKeys.Listed find(String id, Instant now) {
    return keys.get(id, now).orElseThrow(() -> notFound(id));
  }

  private static WebApplicationException notFound(String id) {
    return CloudError.notFound("no access key " + (id.length() > 64 ? id.substring(0, 64) + "..."
        : id));
  }
}
