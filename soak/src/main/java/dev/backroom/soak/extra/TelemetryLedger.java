package dev.backroom.soak.extra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.Ports;
import dev.backroom.soak.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telemetry with a known history, published the way a device's workload does (its workload
 * credential, over TLS trusting only the store CA, QoS 1 on the hub's telemetry listener), and
 * the check that the cloud holds it exactly once and in order per stream.
 *
 * <p>Use: {@link #start} registers a device for the publisher and publishes
 * {@code perSecond} messages per stream, payload {@code {"stream":s,"n":n,"run":r}} with n = 1, 2,
 * 3... per stream. The publisher lives through faults: while the hub is down, frozen or refusing,
 * nothing is published and it reconnects every second; a message counts as acknowledged only
 * once its PUBACK came (the hub sends it after the H2 commit). {@link #check} waits up to a
 * settle time for the cloud to catch up and returns per stream the counts of
 * {@link StreamAudit.Counts} (acknowledged, delivered, dropped by reason, lost, duplicated,
 * out of order) and a {@link Finding} for each broken invariant. {@link #close} stops publishing.
 *
 * <p>Stream names carry the run id, so drops and messages of an earlier run on the same store are
 * never counted in this one.
 */
public final class TelemetryLedger implements AutoCloseable {
  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

  private final HubProcess hub;
  private final List<String> streams;
  private final String run;
  private final LedgerPublisher publisher;

  private TelemetryLedger(HubProcess hub, List<String> streams, String run,
      LedgerPublisher publisher) {
    this.hub = hub;
    this.streams = streams;
    this.run = run;
    this.publisher = publisher;
  }

  /** What {@link #check} found: per stream counts, and what breaks the promise. */
  public record Report(List<StreamAudit.Counts> streams, List<Finding> findings) {
    public long total(java.util.function.ToLongFunction<StreamAudit.Counts> f) {
      return streams.stream().mapToLong(f).sum();
    }

    /** Drops of every stream by reason. */
    public Map<String, Long> dropped() {
      Map<String, Long> m = new TreeMap<>();
      streams.forEach(s -> s.dropped().forEach((k, v) -> m.merge(k, v, Long::sum)));
      return m;
    }
  }

  /**
   * Registers a workload credential with the hub ({@code soak-telemetry-<run>}) and starts
   * publishing {@code count} streams named {@code soak-<run>-<i>} at perSecond each.
   */
  public static TelemetryLedger start(HubProcess hub, String run, int count, int perSecond) {
    return start(hub, run, count, perSecond, 0);
  }

  /** @param padBytes extra bytes in every payload ({@code "pad":"xxx..."}), to fill an outbox sooner */
  public static TelemetryLedger start(HubProcess hub, String run, int count, int perSecond,
      int padBytes) {
    DeviceRegistration.Credential as = DeviceRegistration.register(hub.api(), "soak-telemetry-" + run);
    List<String> streams = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      streams.add("soak-" + run + "-" + i);
    }
    LedgerPublisher p = new LedgerPublisher(hub, as, "soak-telemetry-" + run, run, streams, perSecond,
        padBytes);
    p.start();
    return new TelemetryLedger(hub, List.copyOf(streams), run, p);
  }

  public List<String> streams() {
    return streams;
  }

  /** PUBACKed messages per stream so far. */
  public Map<String, Long> acknowledged() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String s : streams) {
      m.put(s, (long) publisher.acked(s).cardinality());
    }
    return m;
  }

  /** Connections made (the first included) and publishes skipped while none was usable. */
  public LedgerPublisher.Stats publisherStats() {
    return publisher.stats();
  }

  /** Stops publishing new messages (the ones in flight may still be acknowledged). */
  public void pause() {
    publisher.pause(true);
  }

  public void resume() {
    publisher.pause(false);
  }

  /**
   * Waits until every stream has, in the cloud, its acknowledged messages or drops covering them
   * (or settle has passed), then audits each stream. Call it with publishing paused for a final
   * verdict; while publishing, messages acknowledged after the snapshot are not expected yet.
   */
  public Report check(CloudProcess cloud, String storeId, Duration settle) {
    Map<String, BitSet> acked = new LinkedHashMap<>();
    Map<String, Long> published = new LinkedHashMap<>();
    for (String s : streams) {
      // Published before acked: a message acknowledged between the two reads is still within 1..published.
      published.put(s, publisher.published(s));
      acked.put(s, publisher.acked(s));
    }
    long deadline = System.nanoTime() + settle.toNanos();
    List<StreamAudit.Counts> counts;
    while (true) {
      Map<String, Map<String, Long>> hubDrops = hubDrops();
      counts = new ArrayList<>();
      for (String s : streams) {
        counts.add(audit(cloud, storeId, s, acked.get(s), published.get(s),
            hubDrops.getOrDefault(s, Map.of())));
      }
      boolean settled = counts.stream().allMatch(c -> c.lost() == 0 && c.dropsNotInCloud() == 0);
      if (settled || System.nanoTime() > deadline) {
        break;
      }
      Ports.sleep(1_000);
    }
    List<Finding> findings = new ArrayList<>();
    for (StreamAudit.Counts c : counts) {
      findings.addAll(findings(c));
    }
    return new Report(counts, findings);
  }

  private StreamAudit.Counts audit(CloudProcess cloud, String storeId, String stream, BitSet acked,
      long published, Map<String, Long> hubDrops) {
    List<StreamAudit.Stored> stored = new ArrayList<>();
    Map<String, Long> cloudDrops = new TreeMap<>();
    long after = 0;
    while (true) {
      JsonNode page = cloud.telemetry(storeId, stream, after, 10_000);
      page.path("dropped").fields().forEachRemaining(e -> cloudDrops.put(e.getKey(), e.getValue().asLong()));
      JsonNode msgs = page.path("messages");
      for (JsonNode m : msgs) {
        String payload = m.path("payload").asText();
        Matcher n = N.matcher(payload);
        boolean ours = payload.contains("\"run\":\"" + run + "\"") && n.find();
        stored.add(new StreamAudit.Stored(m.path("seq").asLong(), ours ? Long.parseLong(n.group(1)) : -1));
      }
      if (msgs.size() < 10_000) {
        break;
      }
      after = msgs.get(msgs.size() - 1).path("seq").asLong();
    }
    // Read after the cloud: while publishing, the cloud may hold messages numbered beyond the
    // snapshot's count; they are this run's (unconfirmed at the snapshot), not foreign.
    long publishedNow = Math.max(published, publisher.published(stream));
    return StreamAudit.audit(stream, acked, publishedNow, stored, hubDrops, cloudDrops);
  }

  /** The hub's drop totals per stream and reason; empty when the hub does not answer. */
  private Map<String, Map<String, Long>> hubDrops() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    try {
      JsonNode v = hub.api().get("/api/v1/telemetry").json();
      for (JsonNode s : v.path("streams")) {
        Map<String, Long> d = new TreeMap<>();
        s.path("dropped").fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asLong()));
        out.put(s.path("stream").asText(), d);
      }
    } catch (RuntimeException e) {
      // hub down or frozen: the cloud's drop figures stand alone
    }
    return out;
  }

  static List<Finding> findings(StreamAudit.Counts c) {
    List<Finding> f = new ArrayList<>();
    String s = c.stream();
    if (c.lost() > 0) {
      f.add(new Finding("telemetry", "telemetry-lost", s + ": " + c.lost() + " of " + c.acknowledged()
          + " acknowledged messages are not in the cloud and not counted as dropped (missing "
          + c.missing() + ", dropped " + c.dropped() + ")"));
    }
    if (c.duplicated() > 0) {
      f.add(new Finding("telemetry", "telemetry-duplicated", s + ": " + c.duplicated()
          + " extra copies in the cloud"));
    }
    if (c.outOfOrder() > 0) {
      f.add(new Finding("telemetry", "telemetry-out-of-order", s + ": " + c.outOfOrder()
          + " acknowledged messages stored after a later one"));
    }
    if (c.seqOutOfOrder() > 0) {
      f.add(new Finding("telemetry", "telemetry-seq-out-of-order", s + ": the hub's seq fails to grow "
          + c.seqOutOfOrder() + " times in the cloud's order"));
    }
    if (c.dropsNotInCloud() > 0) {
      // Drops travel with the next upload batch: a gap after the settle time means the cloud's
      // operator sees fewer drops than the store had.
      f.add(new Finding("telemetry", "telemetry-drops-unreported", s + ": the hub counts "
          + c.dropsNotInCloud() + " drops the cloud does not show"));
    }
    if (c.foreign() > 0) {
      f.add(new Finding("telemetry", "telemetry-foreign", s + ": " + c.foreign()
          + " messages never published by this run"));
    }
    return f;
  }

  @Override
  public void close() {
    publisher.close();
  }
}
