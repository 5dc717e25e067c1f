package dev.backroom.cloud.stores;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.desired.DesiredService;
import dev.backroom.cloud.desired.DesiredStore;
import dev.backroom.cloud.groups.StoreGroupTable;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.auth.StoreIds;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.selector.SelectorSyntaxException;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The operator's store registry. Creating a store or changing its labels recomputes its state. */
@Path(SyncPaths.API_STORES)
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class StoreResource {
  @Inject StoreStore stores;
  @Inject DesiredService desiredService;
  @Inject DesiredStore desired;
  @Inject Clock clock;
  @Inject StoreGroupTable groups;

  public record CreateBody(String id, String name, Map<String, String> labels) {}

  public record LabelsBody(Map<String, String> labels) {}

  /** A store's effective desired state. */
  public record EffectiveView(String storeId, long revision, List<DesiredStore.EffectiveObject> objects) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(CreateBody body) {
    if (body == null) {
      throw CloudError.badRequest("body must be {\"id\": ..., \"name\": ..., \"labels\": {...}}");
    }
    List<Violation> violations = new ArrayList<>();
    StoreIds.problem(body.id()).ifPresent(p -> violations.add(new Violation("id", p)));
    violations.addAll(labelViolations(body.labels()));
    if (!violations.isEmpty()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "store", violations);
    }
    refuseGroupName(groups, body.id());
    boolean[] created = new boolean[1];
    desiredService.changeStores(
        () -> created[0] = stores.create(body.id(), body.name(), body.labels(), clock.instant()),
        List.of(body.id()));
    if (!created[0]) {
      throw CloudError.conflict("store " + body.id() + " exists; use PUT .../labels to change it");
    }
    return Response.status(Response.Status.CREATED).entity(get(body.id())).build();
  }

  @GET
  public List<StoreRecord> list(@QueryParam(SyncPaths.PARAM_SELECTOR) String selector) {
    LabelSelector s;
    try {
      s = LabelSelector.parse(selector);
    } catch (SelectorSyntaxException e) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "selector",
          List.of(new Violation("selector", e.getMessage())));
    }
    return stores.list().stream().filter(st -> s.matches(st.labels())).toList();
  }

  @GET
  @Path("{id}")
  public StoreRecord get(@PathParam("id") String id) {
    return stores.find(id).orElseThrow(() -> CloudError.notFound("no store " + id));
  }

  @PUT
  @Path("{id}/labels")
  @Consumes(MediaType.APPLICATION_JSON)
  public StoreRecord setLabels(@PathParam("id") String id, LabelsBody body) {
    get(id);
    List<Violation> violations = labelViolations(body == null ? null : body.labels());
    if (!violations.isEmpty()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "labels", violations);
    }
    desiredService.changeStores(() -> stores.setLabels(id, body.labels()), List.of(id));
    return get(id);
  }

  @GET
  @Path("{id}/desired")
  public EffectiveView effective(@PathParam("id") String id) {
    StoreRecord s = get(id);
    return new EffectiveView(id, s.revision(), desired.effective(id));
  }

  /** Label rules are the selector's, so every label can be selected on. */
  public static List<Violation> labelViolations(Map<String, String> labels) {
    return LabelSelector.labelProblems(labels).stream().map(p -> {
      int colon = p.indexOf(": ");
      return new Violation(p.substring(0, colon), p.substring(colon + 2));
    }).toList();
  }

  /** A store id may not be a store group's name: each is an ECS cluster of that name. */
  public static void refuseGroupName(StoreGroupTable groups, String storeId) {
    if (storeId != null && groups.find(storeId).isPresent()) {
      throw CloudError.conflict("store " + storeId + ": a store group has that name, and each is"
          + " an ECS cluster of that name; choose another id or delete the group");
    }
  }
}
