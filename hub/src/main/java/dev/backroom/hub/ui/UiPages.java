package dev.backroom.hub.ui;

import dev.backroom.hub.audit.AuditEntry;
import dev.backroom.hub.audit.AuditLog;
import dev.backroom.hub.web.Roles;
import io.quarkus.qute.Location;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The pages. Each renders whole on a normal request; with htmx's {@code HX-Request} header only
 * its {@code live} fragment, which the page re-fetches on every pulse ({@link PulseSocket}). Pages are small (no
 * framework, a few KiB of HTML) and share one stylesheet and the htmx scripts.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class UiPages {
  @Inject UiViews views;
  @Inject UiAccess access;
  @Inject BacklogHistory history;
  @Location("ui/overview.html") Template overview;
  @Location("ui/devices.html") Template devices;
  @Location("ui/services.html") Template services;
  @Location("ui/task.html") Template task;
  @Location("ui/tasks.html") Template tasksPage;
  @Location("ui/notfound.html") Template notFound;
  @Inject TaskViews taskViews;
  @Location("ui/telemetry.html") Template telemetry;
  @Location("ui/events.html") Template events;
  @Location("ui/audit.html") Template audit;
  @Inject AuditLog auditLog;

  @Context UriInfo uri;

  @GET
  public TemplateInstance overview(@HeaderParam("HX-Request") String hx) {
    return page(overview, hx, "overview").data("o", views.overview());
  }

  @GET
  @Path("devices")
  public TemplateInstance devices(@HeaderParam("HX-Request") String hx) {
    return page(devices, hx, "devices").data("rows", views.devices());
  }

  @GET
  @Path("services")
  public TemplateInstance services(@HeaderParam("HX-Request") String hx) {
    return page(services, hx, "services").data("rows", views.services());
  }

  /** All tasks, filtered by the query ({@link TaskFilter}), so a view can be bookmarked. */
  @GET
  @Path("tasks")
  public TemplateInstance tasks(@HeaderParam("HX-Request") String hx,
      @QueryParam("state") String state, @QueryParam("restarts") String restarts,
      @QueryParam("service") String service) {
    TaskFilter f = TaskFilter.parse(state, restarts, service);
    return page(tasksPage, hx, "tasks").data("f", f).data("rows", taskViews.list(f))
        .data("states", TaskState.STATES).data("services", taskViews.serviceNames())
        .data("restartChoices", TaskFilter.RESTART_CHOICES);
  }

  /** A task's page; an id the hub does not know is a 404 page pointing to the current tasks. */
  @GET
  @Path("tasks/{id}")
  public Response task(@PathParam("id") String id, @HeaderParam("HX-Request") String hx) {
    Optional<TaskViews.TaskPage> p = taskViews.task(id);
    if (p.isEmpty()) {
      return notFound(page(notFound, null, "tasks").data("missing", taskViews.missing(id))
          .data("path", uri.getRequestUri().getRawPath()));
    }
    return Response.ok(page(task, hx, "tasks").data("p", p.get())).build();
  }

  /**
   * Any other path a browser asks for: the same 404 page (a program gets the API's JSON 404,
   * an anonymous browser the login form). Paths of the API, of the assets and of Quarkus are
   * left out, so their own answers stay as they are.
   */
  @GET
  @Path("{path: (?!api/|q/|ui/|vendor/|webjars/).+}")
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  @PermitAll
  public Response unknown(@PathParam("path") String path, @HeaderParam("Accept") String accept) {
    if (accept == null || !accept.contains("text/html")) {
      throw new NotFoundException();
    }
    if (access.mustLogIn()) {
      throw new UnauthorizedException();
    }
    return notFound(page(notFound, null, "").data("missing", null)
        .data("path", uri.getRequestUri().getRawPath()));
  }

  private static Response notFound(TemplateInstance page) {
    return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML_TYPE
        .withCharset("UTF-8")).entity(page.render()).build();
  }

  @GET
  @Path("telemetry")
  public TemplateInstance telemetry(@HeaderParam("HX-Request") String hx) {
    return page(telemetry, hx, "telemetry").data("tv", views.telemetry())
        .data("rates", history.rates());
  }

  @GET
  @Path("events")
  public TemplateInstance events(@HeaderParam("HX-Request") String hx,
      @QueryParam("serviceName") String service, @QueryParam("taskId") String taskId,
      @QueryParam("deviceId") String device, @QueryParam("kind") String kind,
      @QueryParam("actor") String actor, @QueryParam("limit") @DefaultValue("200") int limit) {
    List<Filter> f = List.of(new Filter("serviceName", "service", orEmpty(service)),
        new Filter("taskId", "task", orEmpty(taskId)), new Filter("deviceId", "device", orEmpty(device)),
        new Filter("kind", "kind", orEmpty(kind), views.eventKinds(kind)),
        new Filter("actor", "actor", orEmpty(actor)));
    return page(events, hx, "events").data("filter", f)
        .data("list", views.events(service, taskId, device, kind, actor, limit));
  }

  /** The audit log, for admins only like {@code GET /api/v1/audit}; a bad {@code since} is said. */
  @GET
  @Path("audit")
  @RolesAllowed(Roles.ADMIN)
  public TemplateInstance audit(@HeaderParam("HX-Request") String hx,
      @QueryParam("actor") String actor, @QueryParam("since") String since,
      @QueryParam("limit") @DefaultValue("200") int limit) {
    Instant from = null;
    String problem = null;
    if (since != null && !since.isBlank()) {
      try {
        from = Instant.parse(since.trim());
      } catch (DateTimeParseException e) {
        problem = "since: an ISO-8601 instant such as 2026-12-01T10:00:00Z";
      }
    }
    List<Filter> f = List.of(new Filter("actor", "actor", orEmpty(actor)),
        new Filter("since", "since (ISO-8601)", orEmpty(since)));
    List<AuditEntry> rows = problem != null ? List.of()
        : auditLog.list(actor == null || actor.isBlank() ? null : actor.trim(), from,
            Math.max(1, Math.min(limit, 5000)));
    return page(audit, hx, "audit").data("filter", f).data("problem", problem).data("list", rows);
  }

  /** The backlog chart's data: {@code [[epochSeconds...], [messages...]]}, as uPlot takes it. */
  @GET
  @Path("ui/telemetry/history")
  @Produces(MediaType.APPLICATION_JSON)
  public List<List<Long>> history() {
    List<BacklogHistory.Sample> s = history.samples();
    return List.of(s.stream().map(BacklogHistory.Sample::t).toList(),
        s.stream().map(BacklogHistory.Sample::messages).toList());
  }

  private TemplateInstance page(Template t, String hx, String nav) {
    Template chosen = hx != null ? t.getFragment("live") : t;
    String self = uri.getRequestUri().getRawPath()
        + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
    return chosen.data("viewer", access.current()).data("nav", nav).data("self", self);
  }

  /**
   * One filter field of the events or audit page: query parameter, label, current value, and the
   * values to choose from (a list rather than free text), or null for a text field.
   */
  public record Filter(String name, String label, String value, List<String> options) {
    Filter(String name, String label, String value) {
      this(name, label, value, null);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
