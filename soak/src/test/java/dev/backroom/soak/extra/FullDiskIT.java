package dev.backroom.soak.extra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.HubApi;
import dev.backroom.harness.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hub's data directory on a 128 MiB tmpfs, its outbox bound at 2 MiB, the uplink refused so
 * nothing drains: telemetry fills the outbox to its bound, the disk is then filled to 1 MiB free
 * (by something else: under the hub's low-water mark, backroom.storage.low-water) while
 * telemetry keeps coming. The hub releases its disk reserve (hub.store.DiskReserve) within a
 * second, so the disk has the reserve free again. While full, the hub keeps answering within 1 s
 * and never with a 500: it stops taking telemetry (hub.store.DiskSpace) and H2 has the reserve's
 * room, so its database stays open; every read answers 200, a small write is taken (201),
 * readiness is DOWN with its storage check saying the disk is low; it does not exit. After the
 * heal (disk freed, link back) it recovers by itself, without a restart, within
 * {@link #RECOVERY}: every API read 200, readiness UP, telemetry acknowledged again, the reserve
 * written again; every acknowledged message is then in the cloud exactly once or counted as
 * dropped, and the user created while full is still there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullDiskIT {
  /** From the heal to every read 200, readiness UP and telemetry acknowledged again. */
  static final Duration RECOVERY = Duration.ofSeconds(20);
  static final long RESERVE = 16L << 20;
  static final List<String> READS = List.of("/api/v1/telemetry", "/api/v1/sync",
      "/api/v1/services", "/api/v1/events");
  FullDisk disk;
  Store store;

  @BeforeAll
  void start() {
    String name = "disk-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    disk = FullDisk.mount(Store.runDir(name).resolve("mnt"), 128L << 20);
    store = new Store("disk", disk.path().resolve("hub"),
        Map.of("backroom.telemetry.outbox-max-bytes", Long.toString(2L << 20)));
  }

  @AfterAll
  void stop() {
    if (store != null) {
      store.close();
    }
    if (disk != null) {
      disk.close();
    }
  }

  long dropped() {
    long sum = 0;
    for (JsonNode s : store.hub.api().get("/api/v1/telemetry").expect(200).json().path("streams")) {
      sum += s.path("dropped").path("overflow").asLong() + s.path("dropped").path("ttl").asLong();
    }
    return sum;
  }

  @Test
  void nearlyFullDisk_hubAnswers_outboxBoundDropsCounted_andRecovers() throws Exception {
    // Replays the bug of 2026-12-07: H2 closed the database at the first failed write, every API
    // call that needed it answered 500 from then on, and only a restart healed.
    CloudLinkFault link = new CloudLinkFault(store.link);
    List<String> whileFull = new ArrayList<>();
    List<String> afterHeal = new ArrayList<>();
    Probe full = new Probe();
    TelemetryLedger.Report report;
    long droppedBeforeFull;
    boolean recovered;
    try (TelemetryLedger ledger = TelemetryLedger.start(store.hub, store.run, 2, 100, 1_000)) {
      link.inject(CloudLinkFault.Kind.REFUSED);
      await().atMost(Duration.ofSeconds(60)).until(() -> dropped() > 0);
      droppedBeforeFull = dropped();

      Path reserve = store.hubDir.resolve("disk-reserve");
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(reserve)
          && Files.size(reserve) == RESERVE);
      long ballast = disk.inject(1L << 20);
      long freeAtFill = disk.freeBytes();
      await().atMost(Duration.ofSeconds(2)).until(() -> !Files.exists(reserve));
      long freeAfterRelease = disk.freeBytes();
      System.out.printf("ballast %d bytes, %d free, %d after the reserve's release%n", ballast,
          freeAtFill, freeAfterRelease);
      assertTrue(freeAtFill <= 1L << 20, "filled to 1 MiB free: " + freeAtFill);
      assertTrue(freeAfterRelease >= RESERVE, "the reserve's room free again: " + freeAfterRelease);
      long worst = probe(Duration.ofSeconds(20), whileFull, full);
      HubApi.Reply write = store.hub.api().post("/api/v1/users", "{\"username\":\"while-full\","
          + "\"password\":\"correct-horse-battery-9\",\"role\":\"viewer\"}");
      full.write = write.status() + " " + write.body();
      assertTrue(store.hub.isAlive(), "the hub exited on a full disk:\n" + store.hub.tail(40));

      disk.heal();
      link.heal();
      long ackedAtHeal = sum(ledger.acknowledged());
      long healedAt = System.nanoTime();
      recovered = false;
      while (!recovered && System.nanoTime() - healedAt < 30_000_000_000L) {
        Ports.sleep(1_000);
        afterHeal.clear();
        Probe after = new Probe();
        probe(Duration.ZERO, afterHeal, after);
        recovered = afterHeal.isEmpty() && after.storageRefusals == 0 && after.readyDown == 0
            && sum(ledger.acknowledged()) > ackedAtHeal + 200 && Files.exists(reserve);
      }
      long recoveredInMs = (System.nanoTime() - healedAt) / 1_000_000;
      System.out.printf("after the heal: reserve %s, %d bytes free%n",
          Files.exists(reserve) ? "written again" : "absent", disk.freeBytes());
      if (!recovered) {
        // What an operator would do next: restart the hub. Whether the acknowledged messages
        // then reach the cloud tells "stuck until a restart" from "lost".
        store.hub.stop();
        store.hub.startAgain();
        long restartedAcked = sum(ledger.acknowledged());
        await().atMost(Duration.ofSeconds(30)).until(() -> sum(ledger.acknowledged()) > restartedAcked + 200);
      }
      ledger.pause();
      Ports.sleep(500);
      report = ledger.check(store.cloud, store.storeId, Duration.ofSeconds(60));
      System.out.println("full disk: whileFull " + whileFull.size() + " problems, worst API " + worst + " ms; drops before full " + droppedBeforeFull
          + "; reads refused 503 while full " + full.storageRefusals + ", readiness DOWN "
          + full.readyDown + " times; write while full: " + full.write + "; recovered "
          + recovered + " after " + recoveredInMs + " ms; " + report + " "
          + ledger.publisherStats());
      assertTrue(!recovered || recoveredInMs <= RECOVERY.toMillis(),
          "recovered after " + recoveredInMs + " ms, more than " + RECOVERY);
    }
    String errors = String.join("\n", Files.readAllLines(store.hub.log()).stream()
        .filter(l -> l.contains(" ERROR ")).limit(5).toList());
    assertEquals(List.of(), whileFull, "the hub's API while the disk was full; hub errors:\n" + errors);
    assertTrue(full.readyDown > 0, "readiness never DOWN while the disk was full");
    assertEquals(0, full.storageRefusals, "reads refused 503 while the reserve's room was free");
    assertTrue(full.write.startsWith("201 "), "a write while the disk is full, with the reserve"
        + " released: 201, got " + full.write);
    assertEquals(200, store.hub.api().get("/api/v1/users/while-full").status(),
        "the user created while the disk was full, after the heal");
    assertTrue(Files.readAllLines(store.hub.log()).stream()
        .anyMatch(l -> l.contains("under backroom.storage.low-water")),
        "the hub said its disk went under the low-water mark");
    assertTrue(recovered, "telemetry acknowledged, readiness UP, the API answering 200 and the"
        + " reserve written again within " + RECOVERY + " of the heal, without a restart: " + afterHeal + "; hub errors:\n" + errors);
    assertEquals(List.of(), report.findings());
    assertTrue(report.dropped().values().stream().mapToLong(Long::longValue).sum() > 0,
        "the outbox bound evicted, counted: " + report.dropped());
  }

  /** What a probe saw besides problems: refusals that are allowed, and how often. */
  static final class Probe {
    int storageRefusals;
    int readyDown;
    String write = "";
  }

  /**
   * GETs the hub's API and readiness every 250 ms for the duration (once at least). A problem:
   * an answer slower than 1 s; a read answering anything but 200 or 503 with a storage error
   * body; readiness answering anything but 200 UP or 503 DOWN with its storage check DOWN.
   * Returns the slowest answer in ms.
   */
  long probe(Duration d, List<String> problems, Probe seen) {
    long end = System.nanoTime() + d.toNanos();
    long worst = 0;
    do {
      for (String path : READS) {
        long t0 = System.nanoTime();
        HubApi.Reply r = store.hub.api().get(path);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        worst = Math.max(worst, ms);
        boolean storageRefusal = r.status() == 503 && storageError(r.body());
        if (storageRefusal) {
          seen.storageRefusals++;
        }
        if ((r.status() != 200 && !storageRefusal) || ms > 1_000) {
          problems.add(path + " -> " + r.status() + " in " + ms + " ms: " + clip(r.body()));
        }
      }
      long t0 = System.nanoTime();
      HubApi.Reply ready = store.hub.api().get("/q/health/ready");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      worst = Math.max(worst, ms);
      boolean down = ready.status() == 503 && ready.body().contains("\"storage\"")
          && ready.body().contains("\"DOWN\"");
      if (down) {
        seen.readyDown++;
      }
      if ((ready.status() != 200 && !down) || ms > 1_000) {
        problems.add("/q/health/ready -> " + ready.status() + " in " + ms + " ms: "
            + clip(ready.body()));
      }
      Ports.sleep(250);
    } while (System.nanoTime() < end);
    return worst;
  }

  static boolean storageError(String body) {
    return body.contains("\"error\":\"storage_full\"")
        || body.contains("\"error\":\"storage_unavailable\"");
  }

  static String clip(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }
}
