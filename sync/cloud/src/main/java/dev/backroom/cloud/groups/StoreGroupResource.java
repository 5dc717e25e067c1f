package dev.backroom.cloud.groups;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.api.StrictBody;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.selector.SelectorSyntaxException;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Store groups for the operator (admin token). A group's name is an ECS cluster name and may
 * not be a store's id, so that a cluster name means one thing; the stores a group holds are
 * those its selector matches now (labels changed later move stores in and out).
 */
@Path(SyncPaths.API_ROOT + "/store-groups")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class StoreGroupResource {
  /** An ECS cluster name. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  @Inject StoreGroupTable groups;
  @Inject StoreStore stores;
  @Inject Clock clock;
  @Inject Event<StoreGroupDeleted> deleted;

  public record GroupBody(String selector) {}

  /** A group with the ids of the stores its selector matches now. */
  public record GroupView(String name, String selector, List<String> stores, Instant updatedAt) {}

  @GET
  public List<GroupView> list() {
    List<StoreRecord> all = stores.list();
    return groups.list().stream().map(g -> view(g, all)).toList();
  }

  @GET
  @Path("{name}")
  public GroupView get(@PathParam("name") String name) {
    return view(groups.find(name).orElseThrow(() -> notFound(name)), stores.list());
  }

  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(@PathParam("name") String name, String json) {
    GroupBody body = StrictBody.read(json, GroupBody.class, "store group", "selector");
    if (!NAME.matcher(name).matches()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "store group", List.of(new Violation(
          "name", "a group's name is an ECS cluster name: 1 to 255 letters, digits, hyphens and"
              + " underscores")));
    }
    if (body.selector() == null) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "store group", List.of(new Violation(
          "selector", "required, e.g. \"region=eu,format=mini\"")));
    }
    LabelSelector selector;
    try {
      selector = LabelSelector.parse(body.selector());
    } catch (SelectorSyntaxException e) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "store group",
          List.of(new Violation("selector", e.getMessage())));
    }
    if (stores.find(name).isPresent()) {
      throw CloudError.conflict("store group " + name + ": a store has that id, and each is an"
          + " ECS cluster of that name; choose another name");
    }
    boolean created = groups.put(name, selector, clock.instant());
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(get(name)).build();
  }

  /** Deleting a group leaves the desired objects written through it in place (their selectors). */
  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name, String body) {
    StrictBody.none(body);
    if (!groups.delete(name)) {
      throw notFound(name);
    }
    deleted.fire(new StoreGroupDeleted(name));
    return Response.noContent().build();
  }

  private static GroupView view(StoreGroupTable.StoreGroup g, List<StoreRecord> all) {
    return new GroupView(g.name(), g.selector().toString(), all.stream()
        .filter(s -> g.selector().matches(s.labels())).map(StoreRecord::id).toList(),
        g.updatedAt());
  }

  private static jakarta.ws.rs.WebApplicationException notFound(String name) {
    return CloudError.notFound("no store group " + (name.length() > 64
        ? name.substring(0, 64) + "..." : name));
  }
}
