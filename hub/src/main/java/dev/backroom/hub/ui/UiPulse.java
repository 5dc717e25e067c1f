package dev.backroom.hub.ui;

import dev.backroom.hub.views.DeviceViews;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.sync.SyncStatus;
import dev.backroom.hub.telemetry.TelemetryService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The beat that keeps pages live: every second the store's state is reduced to a fingerprint
 * (devices, tasks with their containers, newest event, cloud link, telemetry backlog), and a
 * new version is announced when it changed, or every {@link #FORCED_EVERY} s for what the
 * fingerprint leaves out (rates, sizes). Ages ("12 s ago") move in the browser, not by
 * re-fetching. Pages re-fetch their live part on each version and swap only what changed
 * (app.js). The fingerprint is computed at most once a second however many tabs are open.
 */
@ApplicationScoped
public class UiPulse {
  static final int FORCED_EVERY = 30;

  @Inject DeviceViews devices;
  @Inject UiViews views;
  @Inject EventStore events;
  @Inject SyncStatus sync;
  @Inject TelemetryService telemetry;

  private long computedAtMs;
  private int fingerprint;
  private long version;
  private long lastForced;

  /** Versions, one per second at most; repeats are filtered per subscriber. */
  public Multi<Long> versions() {
    return Multi.createFrom().ticks().every(Duration.ofSeconds(1))
        .onOverflow().drop()
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(t -> current())
        .select().distinct();
  }

  synchronized long current() {
    long now = System.currentTimeMillis();
    if (now - computedAtMs < 900) {
      return version;
    }
    computedAtMs = now;
    int fp = compute();
    long second = now / 1000;
    if (fp != fingerprint || second - lastForced >= FORCED_EVERY) {
      fingerprint = fp;
      lastForced = second;
      version++;
    }
    return version;
  }

  private int compute() {
    List<Object> parts = new java.util.ArrayList<>();
    devices.list().forEach(d -> parts.add(List.of(d.deviceId(), d.status(), d.agentConnected(),
        d.runningTasksCount(), d.pendingTasksCount())));
    for (TaskRecord t : views.running()) {
      parts.add(List.of(t.taskId(), t.deviceId(), Objects.toString(t.lastStatus()),
          Objects.toString(t.healthStatus()), Objects.toString(t.containers()), t.held()));
    }
    parts.add(events.list(null, null, null, null, null, 1).stream().map(e -> e.eventId()).toList());
    parts.add(Objects.toString(sync.linkUp()));
    parts.add(telemetry.view().outboxMessages());
    return parts.hashCode();
  }
}
