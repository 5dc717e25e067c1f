package dev.backroom.cloud.desired;

import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.desired.ChangeLog;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.desired.ObjectKey;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredChanges;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds downstream answers from the change log and runs the wait loop of a long-poll. */
@ApplicationScoped
public class DesiredAnswers {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  @Inject DesiredStore desired;
  @Inject RevisionWatcher watcher;

  // Wakes are answered here, off the watcher thread: answering reads the database.
  private final ExecutorService answering = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "desired-answer");
    t.setDaemon(true);
    return t;
  });

  @PreDestroy
  void stop() {
    answering.shutdownNow();
  }

  /**
   * The "nothing newer" answer a long-poll gives at its timeout. For {@code since = 0} it is a
   * full (empty) snapshot, so a hub with leftovers from an earlier life still clears them.
   */
  public static DesiredChanges nothing(String storeId, long since) {
    return new DesiredChanges(storeId, since, since == 0, List.of());
  }

  /**
   * The answer for a hub at {@code since}, or empty when nothing is newer. The revision is read
   * before the objects: the objects may then be newer than the revision, which only makes the
   * next answer repeat a change, and applying an unchanged spec is a no-op on the hub.
   */
  public Optional<DesiredChanges> answer(String storeId, long since) {
    Optional<long[]> head = jdbc.queryOne("SELECT revision, change_floor FROM stores WHERE id = ?",
        rs -> new long[] {rs.getLong(1), rs.getLong(2)}, storeId);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    long revision = head.get()[0];
    long floor = head.get()[1];
    if (since == 0 && revision == 0) {
      // A store with no desired state yet: waiting here, instead of answering an empty snapshot
      // at once, keeps a fresh hub from polling in a tight loop.
      return Optional.empty();
    }
    if (ChangeLog.needsFull(since, revision, floor)) {
      TreeMap<ObjectKey, DesiredObject> state = new TreeMap<>();
      for (DesiredStore.EffectiveObject o : desired.effective(storeId)) {
        state.put(new ObjectKey(o.kind(), o.name()), new DesiredObject(o.kind(), o.name(),
            LabelSelector.all(), o.spec(), o.specHash(), Instant.EPOCH, o.redeploys()));
      }
      return Optional.of(ChangeLog.snapshot(storeId, revision, state));
    }
    if (revision <= since) {
      return Optional.empty();
    }
    return Optional.of(ChangeLog.incremental(storeId, since, revision,
        desired.changes(storeId, since, revision)));
  }

  /** Waits until the store moves past {@code since} or {@code deadlineNanos}, then answers. */
  public CompletionStage<DesiredChanges> await(String storeId, long since, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return CompletableFuture.completedFuture(answer(storeId, since).orElse(nothing(storeId, since)));
    }
    CompletableFuture<Boolean> woken = watcher.register(storeId, Duration.ofNanos(left));
    Optional<DesiredChanges> now = answer(storeId, since);
    if (now.isPresent()) {
      woken.complete(true);
      return CompletableFuture.completedFuture(now.get());
    }
    return woken.thenComposeAsync(wasWoken -> {
      Optional<DesiredChanges> a = answer(storeId, since);
      if (a.isPresent()) {
        return CompletableFuture.completedFuture(a.get());
      }
      // A wake for a bump this hub already has: keep waiting out the rest of the time.
      return wasWoken ? await(storeId, since, deadlineNanos)
          : CompletableFuture.completedFuture(nothing(storeId, since));
    }, answering);
  }
}
