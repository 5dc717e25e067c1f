package dev.backroom.hub.auth;

import dev.backroom.config.validate.Violation;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.web.Caller;
import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** User management, admins only. The last admin can be neither deleted nor demoted. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UserResource {
  static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  @Inject UserStore users;
  @Inject Accounts accounts;
  @Inject SessionStore sessions;

  public record UserView(String username, String role, Instant createdAt, Instant updatedAt) {
    static UserView of(UserStore.User u) {
      return new UserView(u.username(), u.role(), u.createdAt(), u.updatedAt());
    }
  }

  public record NewUser(String username, String password, String role) {}

  public record PasswordChange(String password) {}

  public record RoleChange(String role) {}

  @GET
  public List<UserView> list() {
    return users.list().stream().map(UserView::of).toList();
  }

  @GET
  @Path("{username}")
  public UserView get(@PathParam("username") String username) {
    return UserView.of(find(username));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(NewUser body) {
    List<Violation> v = new ArrayList<>();
    if (body == null) {
      throw ApiError.invalid("user", List.of(new Violation("", "a JSON body is required")));
    }
    if (body.username() == null || !USERNAME.matcher(body.username()).matches()) {
      v.add(new Violation("username", "1-64 of a-z 0-9 . _ -, starting with a letter or digit"));
    } else if (Caller.BOOTSTRAP_NAME.equals(body.username())) {
      v.add(new Violation("username", "'bootstrap' names the bootstrap token"));
    }
    checkPassword(body.password(), v);
    checkRole(body.role(), v);
    refuse("user", v);
    Instant now = Instant.now();
    if (!users.create(body.username(), body.role(), accounts.hash(body.password()), now)) {
      throw ApiError.conflict("user " + body.username() + " exists");
    }
    AuditTarget.set(body.username());
    return Response.status(Response.Status.CREATED).entity(get(body.username())).build();
  }

  @PUT
  @Path("{username}/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response setPassword(@PathParam("username") String username, PasswordChange body) {
    find(username);
    List<Violation> v = new ArrayList<>();
    checkPassword(body == null ? null : body.password(), v);
    refuse("password change", v);
    users.setPassword(username, accounts.hash(body.password()), Instant.now());
    sessions.removeUser(username);
    return Response.noContent().build();
  }

  @PUT
  @Path("{username}/role")
  @Consumes(MediaType.APPLICATION_JSON)
  public UserView setRole(@PathParam("username") String username, RoleChange body) {
    UserStore.User u = find(username);
    List<Violation> v = new ArrayList<>();
    checkRole(body == null ? null : body.role(), v);
    if (!v.isEmpty()) {
      throw ApiError.invalid("role change", v);
    }
    if (Roles.ADMIN.equals(u.role()) && !Roles.ADMIN.equals(body.role()) && lastAdmin()) {
      throw ApiError.conflict(username + " is the last admin");
    }
    users.setRole(username, body.role(), Instant.now());
    sessions.removeUser(username);
    return get(username);
  }

  /** Deletes the user with its tokens and sessions. */
  @DELETE
  @Path("{username}")
  public Response delete(@PathParam("username") String username) {
    UserStore.User u = find(username);
    if (Roles.ADMIN.equals(u.role()) && lastAdmin()) {
      throw ApiError.conflict(username + " is the last admin");
    }
    users.delete(username);
    sessions.removeUser(username);
    return Response.noContent().build();
  }

  private boolean lastAdmin() {
    return users.countRole(Roles.ADMIN) <= 1;
  }

  private UserStore.User find(String username) {
    return users.find(username).orElseThrow(() -> ApiError.notFound("no user " + username));
  }

  static void checkPassword(String password, List<Violation> v) {
    PasswordPolicy.check(password).ifPresent(w -> v.add(new Violation("password",
        w.message() + " (rule " + w.rule() + ")")));
  }

  /** The body of a 400 whose only problem is the password. */
  public record WeakPassword(String error, String message, List<Violation> violations) {}

  /**
   * Throws for any violation: 400 {@code weak_password} when the password is all that is wrong
   * (its message names the rule), otherwise the usual 400 listing every violation.
   */
  private static void refuse(String what, List<Violation> v) {
    if (v.isEmpty()) {
      return;
    }
    if (v.stream().allMatch(x -> "password".equals(x.path()))) {
      throw new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
          .type(MediaType.APPLICATION_JSON)
          .entity(new WeakPassword("weak_password", "weak password: " + v.get(0).reason(), v))
          .build());
    }
    throw ApiError.invalid(what, v);
  }

  static void checkRole(String role, List<Violation> v) {
    if (!Roles.valid(role)) {
      v.add(new Violation("role", "must be one of " + Roles.ALL));
    }
  }
}
