package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts, in the cloud, what arrived of each stream: every ACKED message must be there exactly
 * once. A message the hub committed but whose PUBACK the kill cut off may arrive too ("extra");
 * that is allowed by QoS 1 and not a duplicate. Reads the operator API page by page
 * ({@code GET /api/v1/stores/{id}/telemetry/{stream}?after=&limit=}) and the payloads' own
 * sequence numbers, so the hub's per-stream seq is checked separately (strictly increasing).
 */
final class TelemetryVerify {
  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");
  private static final int PAGE = 10_000;

  private TelemetryVerify() {}

  record Counts(long acked, long present, long lost, long duplicates, long extra,
      long seqOutOfOrder, Map<String, Long> dropped) {
    Counts plus(Counts c) {
      Map<String, Long> d = new LinkedHashMap<>(dropped);
      c.dropped.forEach((k, v) -> d.merge(k, v, Long::sum));
      return new Counts(acked + c.acked, present + c.present, lost + c.lost,
          duplicates + c.duplicates, extra + c.extra, seqOutOfOrder + c.seqOutOfOrder, d);
    }
  }

  static Counts empty() {
    return new Counts(0, 0, 0, 0, 0, 0, Map.of());
  }

  static Counts stream(CloudProcess cloud, String storeId, String stream, BitSet acked) {
    BitSet seen = new BitSet();
    long present = 0;
    long dups = 0;
    long outOfOrder = 0;
    long after = 0;
    Map<String, Long> dropped = new LinkedHashMap<>();
    while (true) {
      JsonNode page = cloud.http().get("/api/v1/stores/" + storeId + "/telemetry/" + stream
          + "?after=" + after + "&limit=" + PAGE, cloud.adminToken()).expect(200).json();
      JsonNode d = page.path("dropped");
      for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        dropped.put(e.getKey(), e.getValue().asLong()); // a running total, not per page
      }
      JsonNode msgs = page.path("messages");
      if (msgs.size() == 0) {
        break;
      }
      for (JsonNode m : msgs) {
        long seq = m.path("seq").asLong();
        if (seq <= after) {
          outOfOrder++;
        }
        after = Math.max(after, seq);
        Matcher mm = N.matcher(m.path("payload").asText(""));
        if (!mm.find()) {
          throw new IllegalStateException("stream " + stream + " seq " + seq
              + ": payload is not a bench message: " + m);
        }
        int n = Integer.parseInt(mm.group(1));
        present++;
        if (seen.get(n)) {
          dups++;
        }
        seen.set(n);
      }
    }
    BitSet lost = (BitSet) acked.clone();
    lost.andNot(seen);
    BitSet extra = (BitSet) seen.clone();
    extra.andNot(acked);
    return new Counts(acked.cardinality(), present, lost.cardinality(), dups, extra.cardinality(),
        outOfOrder, dropped);
  }

  static Counts all(CloudProcess cloud, String storeId, Map<String, BitSet> acked) {
    Counts total = empty();
    for (Map.Entry<String, BitSet> e : acked.entrySet()) {
      total = total.plus(stream(cloud, storeId, e.getKey(), e.getValue()));
    }
    return total;
  }
}
