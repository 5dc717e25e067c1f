package dev.backroom.hub.ui;

import dev.backroom.hub.views.DeviceViews;
import dev.backroom.hub.views.DeviceView;
import dev.backroom.hub.views.ServiceViews;
import dev.backroom.hub.views.ServiceView;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.deploy.DeploymentStore;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.hub.sync.SyncStatus;
import dev.backroom.hub.telemetry.TelemetryService;
import dev.backroom.hub.telemetry.TelemetryView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads what the pages show, through the same stores and API views as the REST API, so the UI
 * never disagrees with {@code /api/v1}. Every text a template prints is formatted here.
 */
@ApplicationScoped
public class UiViews {
  static final int TASK_LIMIT = 5000;

  @Inject DeviceViews devices;
  @Inject ServiceViews services;
  @Inject TaskStore tasks;
  @Inject DeploymentStore deployments;
  @Inject EventStore events;
  @Inject SyncStatus sync;
  @Inject TelemetryService telemetry;

  /**
   * The cloud link as the overview shows it; {@code state} is online, offline or unknown. The
   * ages are also given as instants, from which the page keeps them moving.
   */
  public record Cloud(boolean enrolled, String state, String since, String lastSync,
      long pendingReports, String lastError, Instant sinceAt, Instant lastSyncAt) {}

  public record Alert(String level, String text, String href) {}

  public record Overview(Cloud cloud, long backlogMessages, String backlogBytes, long drops,
      long devicesUp, long devicesDown, Map<String, Long> tasksByState, long tasksTotal,
      List<Deployment> activeDeployments, List<Alert> alerts) {}

  public record DeviceRow(DeviceView v, boolean up, String heartbeatAge, long cpuUsed,
      long memoryUsed, long gpusUsed, List<TaskRecord> tasks, List<String> actions) {}

  public record DeploymentRow(Deployment d, long newRunning, int desired) {}

  public record ServiceRow(ServiceView v, Map<String, Long> placement, List<DeploymentRow> deployments,
      List<Event> rollbacks) {}

  Cloud cloud(Instant now) {
    Boolean up = sync.linkUp();
    String state = !sync.enrolled() ? "not enrolled" : up == null ? "unknown" : up ? "online" : "offline";
    return new Cloud(sync.enrolled(), state, UiFormat.ago(sync.linkSince(), now),
        UiFormat.ago(sync.lastContact(), now), sync.pendingReportBatches(),
        sync.view().lastError(), sync.linkSince(), sync.lastContact());
  }

  public Overview overview() {
    Instant now = Instant.now();
    List<DeviceView> ds = devices.list();
    long up = ds.stream().filter(UiViews::isUp).count();
    List<TaskRecord> active = tasks.listActive();
    Map<String, Long> byState = active.stream().collect(Collectors.groupingBy(
        t -> t.lastStatus() == null ? "PENDING" : t.lastStatus(), TreeMap::new,
        Collectors.counting()));
    TelemetryView tv = telemetry.view();
    long drops = tv.streams().stream().flatMap(s -> s.dropped().values().stream())
        .mapToLong(Long::longValue).sum();
    List<Deployment> rolling = deployments.current().stream()
        .filter(d -> Deployment.IN_PROGRESS.equals(d.rolloutState())).toList();
    Cloud cloud = cloud(now);
    List<Alert> alerts = new ArrayList<>();
    if ("offline".equals(cloud.state())) {
      alerts.add(new Alert("warn", "Cloud link offline since " + cloud.since()
          + "; the store keeps running on its own", "/"));
    }
    for (DeviceView d : ds) {
      if (!isUp(d)) {
        alerts.add(new Alert("bad", "Device " + d.deviceId() + " is " + d.status()
            + (d.agentConnected() ? "" : " (agent not connected)"), "/devices#" + d.deviceId()));
      }
    }
    for (ServiceView s : services.list()) {
      if (s.runningCount() < s.desiredCount()) {
        alerts.add(new Alert("warn", "Service " + s.serviceName() + ": " + s.runningCount()
            + " of " + s.desiredCount() + " running" + (s.unplaced().isEmpty() ? ""
            : " (" + s.unplaced().size() + " not placed)"), "/services#" + s.serviceName()));
      }
    }
    for (Deployment d : deployments.current()) {
      if (Deployment.FAILED.equals(d.rolloutState())) {
        alerts.add(new Alert("bad", "Deployment of " + d.serviceName() + " to "
            + d.taskDefinition() + " failed: " + UiFormat.orDash(d.rolloutReason()),
            "/services#" + d.serviceName()));
      }
    }
    if (drops > 0) {
      alerts.add(new Alert("warn", drops + " telemetry messages dropped", "/telemetry"));
    }
    return new Overview(cloud, tv.outboxMessages(), UiFormat.bytes(tv.outboxBytes()), drops, up,
        ds.size() - up, byState, active.size(), rolling, alerts);
  }

  static boolean isUp(DeviceView d) {
    return d.agentConnected() && !"LOST".equals(d.status());
  }

  public List<DeviceRow> devices() {
    Instant now = Instant.now();
    Map<String, List<TaskRecord>> byDevice = running().stream()
        .collect(Collectors.groupingBy(TaskRecord::deviceId));
    return devices.list().stream().map(d -> new DeviceRow(d, isUp(d), UiFormat.age(d.lastSeen(), now),
        d.registeredResources().cpu() - d.remainingResources().cpu(),
        d.registeredResources().memory() - d.remainingResources().memory(),
        d.registeredResources().gpus() - d.remainingResources().gpus(),
        byDevice.getOrDefault(d.deviceId(), List.of()), DeviceActions.forStatus(d.status())))
        .toList();
  }

  public List<ServiceRow> services() {
    List<TaskRecord> all = running();
    List<ServiceRow> rows = new ArrayList<>();
    for (ServiceView s : services.list()) {
      List<TaskRecord> mine = all.stream().filter(t -> s.serviceName().equals(t.serviceName())).toList();
      Map<String, Long> placement = mine.stream().collect(Collectors.groupingBy(
          TaskRecord::deviceId, TreeMap::new, Collectors.counting()));
      List<DeploymentRow> deps = deployments.list(s.serviceName()).stream().limit(5)
          .map(d -> new DeploymentRow(d, mine.stream().filter(t -> d.specHash().equals(t.specHash())
              && TaskRecord.RUNNING.equals(t.lastStatus())).count(), s.desiredCount())).toList();
      List<Event> rollbacks = events.list(s.serviceName(), null, null, "deployment-failed", null, 5);
      rows.add(new ServiceRow(s, placement, deps, rollbacks));
    }
    return rows;
  }

  public TelemetryView telemetry() {
    return telemetry.view();
  }

  public List<Event> events(String service, String task, String device, String kind,
      String actor, int limit) {
    return events.list(blankToNull(service), blankToNull(task), blankToNull(device),
        blankToNull(kind), blankToNull(actor), Math.max(1, Math.min(limit, 1000)));
  }

  /**
   * The kinds the event filter offers: every kind recorded so far, plus the one asked for when
   * none is recorded yet (a link from elsewhere), so the page never drops what was asked.
   */
  public List<String> eventKinds(String asked) {
    List<String> kinds = new ArrayList<>(events.kinds());
    String a = blankToNull(asked);
    if (a != null && !kinds.contains(a)) {
      kinds.add(a);
      kinds.sort(null);
    }
    return kinds;
  }

  /** Tasks that should run, with their containers as last reported. */
  List<TaskRecord> running() {
    return tasks.list(TaskRecord.RUNNING, null, TASK_LIMIT);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
