package dev.backroom.hub.sync;

import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.retry.Backoff;
import dev.backroom.retry.Retries;
import dev.backroom.sync.auth.CloudIdentity;
import dev.backroom.sync.auth.CloudIdentityFile;
import dev.backroom.sync.metrics.Channel;
import dev.backroom.sync.metrics.Direction;
import dev.backroom.sync.metrics.SyncMetrics;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.WireFormatException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jboss.logging.Logger;

/**
 * Starts the two sync threads after the hub is up and stops them first on shutdown. The identity
 * file is looked for on every step until found, so a hub enrolled while running starts syncing
 * without a restart; while it is absent the hub simply works alone.
 */
@ApplicationScoped
public class SyncRuntime {
  private static final Logger LOG = Logger.getLogger(SyncRuntime.class);

  @Inject SyncConfig config;
  @Inject SyncStore store;
  @Inject SyncStatus status;
  @Inject DesiredApplier applier;
  @Inject ReportBuilder reports;
  @Inject ControlLoop loop;
  @Inject MeterRegistry meters;

  private final Clock clock = Clock.systemUTC();
  private volatile CloudLink link;
  private volatile String identityProblem;
  private DownstreamLoop downstream;
  private UpstreamLoop upstream;
  private List<Thread> threads = List.of();

  void onStart(@Observes StartupEvent e) {
    status.appliedRevision = store.counter(SyncStore.APPLIED_REVISION, 0);
    status.nextReportSequence = store.counter(SyncStore.NEXT_REPORT_SEQUENCE, 1);
    status.pendingReportBatches = store.pendingCount();
    registerGauges();
    if (!config.enabled()) {
      LOG.info("cloud sync disabled (backroom.sync.enabled=false)");
      return;
    }
    downstream = new DownstreamLoop(this::link, status, clock, backoff(), () ->
        store.counter(SyncStore.APPLIED_REVISION, 0), applier::apply, loop::trigger,
        config.pollWait(), () -> status.storeId);
    upstream = new UpstreamLoop(this::link, status, clock, backoff(), store,
        now -> reports.buildAndPersist(config.maxEventsPerBatch(), now, config.reportRefresh()),
        config.reportInterval());
    threads = List.of(thread(downstream, "backroom-sync-down"), thread(upstream, "backroom-sync-up"));
    threads.forEach(Thread::start);
  }

  void onStop(@Observes ShutdownEvent e) {
    if (downstream != null) {
      downstream.stop();
      upstream.stop();
    }
    threads.forEach(Thread::interrupt);
  }

  /** Local and cloud events go up soon; the hub's own decisions wait for the next interval. */
  void onEvents(@Observes EventStore.Appended appended) {
    UpstreamLoop up = upstream;
    if (up != null && !Event.SYSTEM.equals(appended.origin())) {
      up.eventsAppended();
    }
  }

  /** The cloud link once the identity file exists and is valid. */
  Optional<CloudLink> link() {
    if (link != null) {
      return Optional.of(link);
    }
    synchronized (this) {
      if (link == null) {
        readIdentity().ifPresent(id -> {
          link = new HttpCloudLink(id.cloudUri(), id.credential(), config.requestTimeout(),
              this::countBytes);
          status.enrolled(id.storeId(), id.cloudUrl());
          LOG.infof("cloud sync on: store %s, cloud %s", id.storeId(), id.cloudUrl());
        });
      }
      return Optional.ofNullable(link);
    }
  }

  private Optional<CloudIdentity> readIdentity() {
    Path file = Path.of(config.identityFile());
    try {
      CloudIdentity id = SyncJson.read(Files.readAllBytes(file), CloudIdentity.class);
      List<String> problems = CloudIdentityFile.problems(id);
      if (!problems.isEmpty()) {
        throw new IOException(String.join("; ", problems));
      }
      identityProblem = null;
      return Optional.of(id);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | WireFormatException e) {
      String problem = "cloud identity " + file + " unusable: " + e.getMessage();
      if (!problem.equals(identityProblem)) {
        LOG.error(problem + "; sync stays off until the file is fixed (backroom hub enroll)");
        identityProblem = problem;
      }
      status.failed(problem);
      return Optional.empty();
    }
  }

  private void countBytes(Channel channel, Direction direction, long bytes) {
    Counter.builder(SyncMetrics.micrometerCounterName(SyncMetrics.SYNC_BYTES_TOTAL))
        .description("bytes moved by cloud sync, bodies as sent on the wire")
        .tag(SyncMetrics.TAG_CHANNEL, channel.tag()).tag(SyncMetrics.TAG_DIRECTION, direction.tag())
        .register(meters).increment(bytes);
  }

  private void registerGauges() {
    Gauge.builder("backroom_sync_applied_revision", status, SyncStatus::appliedRevision)
        .description("the cloud revision this hub has applied").register(meters);
    Gauge.builder("backroom_sync_pending_report_batches", status, SyncStatus::pendingReportBatches)
        .description("report batches persisted but not yet acknowledged by the cloud").register(meters);
    Gauge.builder("backroom_sync_last_contact_age_seconds", status, s -> {
      Instant last = s.lastContact();
      return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }).description("seconds since either sync direction last reached the cloud").register(meters);
  }

  private Retries backoff() {
    return new Backoff(config.backoffBase(), config.backoffCap()).retries(new SplittableRandom());
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
