package dev.backroom.hub.auth;

import dev.backroom.config.validate.Violation;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bearer tokens for programs, admins only. A token acts as its user, with the weaker of the
 * user's role and the token's own; its secret is in the create answer and nowhere else.
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class TokenResource {
  @Inject UserStore users;
  @Inject Accounts accounts;
  @Inject SecurityIdentity identity;

  /** {@code username} defaults to the caller; {@code role} to the user's role. */
  public record NewToken(String username, String name, String role) {}

  public record TokenView(String tokenId, String username, String name, String role,
      Instant createdAt, Instant revokedAt) {
    static TokenView of(UserStore.Token t) {
      return new TokenView(t.tokenId(), t.username(), t.name(), t.role(), t.createdAt(),
          t.revokedAt());
    }
  }

  /** The create answer: the only place the token ever appears. */
  public record IssuedToken(String tokenId, String token, String username, String name,
      String role, Instant createdAt) {}

  @GET
  public List<TokenView> list(@QueryParam("username") String username) {
    return users.listTokens(username).stream().map(TokenView::of).toList();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(NewToken body) {
    NewToken b = body == null ? new NewToken(null, null, null) : body;
    String username = b.username() != null ? b.username() : identity.getPrincipal().getName();
    List<Violation> v = new ArrayList<>();
    UserStore.User user = users.find(username).orElse(null);
    if (user == null) {
      v.add(new Violation("username", "no user " + username));
    }
    if (b.name() == null || b.name().isBlank() || b.name().length() > 128) {
      v.add(new Violation("name", "1 to 128 characters, saying what the token is for"));
    }
    if (b.role() != null && !Roles.valid(b.role())) {
      v.add(new Violation("role", "must be one of " + Roles.ALL));
    }
    if (!v.isEmpty()) {
      throw ApiError.invalid("token", v);
    }
    String role = b.role() == null ? user.role() : Roles.weaker(b.role(), user.role());
    String id = Secrets.hex(8);
    Instant now = Instant.now();
    String token = accounts.issueToken(id, username, b.name(), role, now);
    AuditTarget.set("token " + id);
    return Response.status(Response.Status.CREATED)
        .entity(new IssuedToken(id, token, username, b.name(), role, now)).build();
  }

  /** Revokes a token at once: its next request gets 401. */
  @DELETE
  @Path("{tokenId}")
  public Response revoke(@PathParam("tokenId") String tokenId) {
    if (users.findToken(tokenId).isEmpty()) {
      throw ApiError.notFound("no token " + tokenId);
    }
    if (!users.revokeToken(tokenId, Instant.now())) {
      throw ApiError.conflict("token " + tokenId + " is revoked already");
    }
    return Response.noContent().build();
  }
}
