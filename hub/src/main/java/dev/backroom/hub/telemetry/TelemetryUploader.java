package dev.backroom.hub.telemetry;

import dev.backroom.jdbc.StorageFailure;
import dev.backroom.retry.Backoff;
import dev.backroom.sync.auth.CloudIdentity;
import dev.backroom.sync.auth.CloudIdentityFile;
import dev.backroom.sync.wire.BatchReceipt;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Forwards the outbox to the cloud on its own thread, one batch at a time, so neither the
 * listener nor the control loop ever waits for the network. Uploads run only while
 * {@code <data-dir>/cloud-identity.json} exists; it is read again before every batch, so
 * enrolling (or un-enrolling) takes effect without a restart.
 *
 * <p>A failed send is retried with the same stored batch (same sequence, same bytes) after a
 * full-jitter backoff; the cloud answers a sequence it already has with {@code duplicate}, so a
 * resend after a lost answer stores nothing twice.
 */
final class TelemetryUploader {
  private static final Logger LOG = Logger.getLogger(TelemetryUploader.class);

  /** One attempt to deliver a batch; IOException for any failure, refusal or unreachable. */
  @FunctionalInterface
  interface Sender {
    /** Sends a stored, gzip-compressed batch body exactly as it is. */
    BatchReceipt send(byte[] gzippedBody) throws IOException, InterruptedException;
  }

  /** What the API shows of the uploader; written by its thread, read by anyone. */
  static final class State {
    volatile Long pendingSequence;
    volatile Long lastAcceptedSequence;
    volatile Instant lastUploadAt;
    volatile String lastError;
    volatile boolean enrolled;
  }

  private final Path dataDir;
  private final OutboxWriter writer;
  private final BatchCutter cutter;
  private final Function<CloudIdentity, Sender> senders;
  /** How soon a re-enrolment (a new identity file) is picked up. */
  static final Duration IDENTITY_RECHECK = Duration.ofSeconds(5);

  private final Clock clock;
  private final RandomGenerator random;
  private final Backoff backoff;
  private final Duration interval;
  private final State state = new State();
  private volatile boolean running = true;
  private Thread thread;
  private CloudIdentity identity;
  private Instant identityReadAt = Instant.EPOCH;
  private Sender sender;
  private int attempt;

  TelemetryUploader(Path dataDir, OutboxWriter writer, BatchCutter cutter,
      Function<CloudIdentity, Sender> senders, Clock clock, RandomGenerator random,
      Backoff backoff, Duration interval) {
    this.dataDir = dataDir;
    this.writer = writer;
    this.cutter = cutter;
    this.senders = senders;
    this.clock = clock;
    this.random = random;
    this.backoff = backoff;
    this.interval = interval;
  }

  State state() {
    return state;
  }

  void start() {
    thread = new Thread(this::run, "backroom-telemetry-uploader");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (running) {
      try {
        Duration wait = step();
        if (!wait.isZero()) {
          Thread.sleep(wait.toMillis());
        }
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.error("telemetry upload step failed", e);
        state.lastError = e.toString();
        sleepQuietly(interval);
      }
    }
  }

  /** One batch at most; returns how long to wait before the next step. */
  private Duration step() throws InterruptedException {
    if (!refreshIdentity()) {
      return interval;
    }
    Optional<OutboxStore.Pending> pending = onWriter();
    if (pending.isEmpty()) {
      state.pendingSequence = null;
      return interval;
    }
    OutboxStore.Pending p = pending.get();
    state.pendingSequence = p.sequence();
    // The next batch is cut on the writer thread while this one travels and the cloud stores it.
    writer.submit(() -> {
      cutter.cutAhead(p.sequence());
      return null;
    });
    try {
      BatchReceipt receipt = sender.send(p.body());
      if (!receipt.duplicate() && receipt.acceptedSequence() < p.sequence()) {
        throw new IOException("the cloud accepted sequence " + receipt.acceptedSequence()
            + " for batch " + p.sequence());
      }
      cutter.delivered(p.sequence());
      state.pendingSequence = null;
      state.lastAcceptedSequence = p.sequence();
      state.lastUploadAt = clock.instant();
      state.lastError = null;
      attempt = 0;
      return Duration.ZERO; // more may be waiting: go on at once
    } catch (IOException | java.sql.SQLException e) {
      state.lastError = "batch " + p.sequence() + ": " + e.getMessage();
      Duration wait = backoff.delay(attempt++, random);
      LOG.debugf("telemetry batch %s not delivered (%s); retrying in %s ms", (Object) p.sequence(),
          e.getMessage(), (Object) wait.toMillis());
      return wait.isZero() ? Duration.ofMillis(1) : wait;
    }
  }

  private Optional<OutboxStore.Pending> onWriter() throws InterruptedException {
    try {
      return writer.submit(cutter::pendingOrCut).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutboxWriter.StorageUnavailable
          || StorageFailure.of(e.getCause()).isPresent()) {
        // The writer reports the storage's state; the upload waits for it like for the cloud.
        state.lastError = "cannot cut a batch: " + e.getCause().getMessage();
        return Optional.empty();
      }
      throw new IllegalStateException("could not cut a telemetry batch", e.getCause());
    }
  }

  private boolean refreshIdentity() {
    Instant now = clock.instant();
    // While batches flow, the identity read a moment ago is still good: the file is read again
    // only every IDENTITY_RECHECK, not once per batch.
    if (identity != null && now.isBefore(identityReadAt.plus(IDENTITY_RECHECK))) {
      return true;
    }
    identityReadAt = now;
    Optional<CloudIdentity> read;
    try {
      read = CloudIdentityFile.read(dataDir);
    } catch (IOException e) {
      state.lastError = e.getMessage();
      read = Optional.empty();
    }
    state.enrolled = read.isPresent();
    if (read.isEmpty()) {
      identity = null;
      sender = null;
      return false;
    }
    if (!read.get().equals(identity)) {
      identity = read.get();
      sender = senders.apply(identity);
      attempt = 0;
    }
    return true;
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
