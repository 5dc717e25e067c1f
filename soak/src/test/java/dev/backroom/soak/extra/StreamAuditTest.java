package dev.backroom.soak.extra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamAuditTest {

  /** ns stored in the cloud with seqs 1, 2, 3... unless a case gives its own seqs. */
  static Stream<Arguments> cases() {
    return Stream.of(
        // name, acked, published, stored ns, seqs (null: 1..), hub drops, cloud drops,
        // expected "delivered lost dup ooo seqooo foreign unconfirmedDelivered notInCloud holds"
        Arguments.of("all once in order", "1-5", 5, List.of(1, 2, 3, 4, 5), null, Map.of(), Map.of(),
            "5 0 0 0 0 0 0 0 true"),
        Arguments.of("one missing, nothing dropped", "1-5", 5, List.of(1, 2, 4, 5), null, Map.of(),
            Map.of(), "4 1 0 0 0 0 0 0 false"),
        Arguments.of("two missing, two dropped by overflow", "1-5", 5, List.of(3, 4, 5), null,
            Map.of("overflow", 2L), Map.of("overflow", 2L), "3 0 0 0 0 0 0 0 true"),
        Arguments.of("drops the cloud has not learned of yet still cover", "1-5", 5,
            List.of(3, 4, 5), null, Map.of("ttl", 2L), Map.of(), "3 0 0 0 0 0 0 2 true"),
        Arguments.of("a duplicate", "1-3", 3, List.of(1, 2, 2, 3), null, Map.of(), Map.of(),
            "3 0 1 0 0 0 0 0 false"),
        Arguments.of("swapped", "1-3", 3, List.of(1, 3, 2), null, Map.of(), Map.of(),
            "3 0 0 1 0 0 0 0 false"),
        Arguments.of("hub seq goes back", "1-3", 3, List.of(1, 2, 3), List.of(1L, 5L, 4L), Map.of(),
            Map.of(), "3 0 0 0 1 0 0 0 false"),
        Arguments.of("unconfirmed may be present or absent", "1-2,4", 5, List.of(1, 2, 3, 4), null,
            Map.of(), Map.of(), "3 0 0 0 0 0 1 0 true"),
        Arguments.of("an unconfirmed one late is not out of order", "1-2,4", 4, List.of(1, 2, 4, 3),
            null, Map.of(), Map.of(), "3 0 0 0 0 0 1 0 true"),
        Arguments.of("a number never published", "1-2", 2, List.of(1, 2, 9), null, Map.of(), Map.of(),
            "2 0 0 0 0 1 0 0 false"),
        Arguments.of("another run's message", "1-2", 2, List.of(1, -1, 2), null, Map.of(), Map.of(),
            "2 0 0 0 0 1 0 0 false"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void audit(String name, String acked, long published, List<Integer> ns, List<Long> seqs,
      Map<String, Long> hubDrops, Map<String, Long> cloudDrops, String expected) {
    List<StreamAudit.Stored> stored = new ArrayList<>();
    for (int i = 0; i < ns.size(); i++) {
      stored.add(new StreamAudit.Stored(seqs == null ? i + 1 : seqs.get(i), ns.get(i)));
    }
    StreamAudit.Counts c = StreamAudit.audit("s", bits(acked), published, stored, hubDrops, cloudDrops);
    String got = c.delivered() + " " + c.lost() + " " + c.duplicated() + " " + c.outOfOrder() + " "
        + c.seqOutOfOrder() + " " + c.foreign() + " " + c.deliveredUnconfirmed() + " "
        + c.dropsNotInCloud() + " " + c.holds();
    assertEquals(expected, got, c.toString());
    assertEquals(bits(acked).cardinality(), c.acknowledged());
    assertEquals(published - bits(acked).cardinality(), c.unconfirmed());
  }

  /** "1-3,5" to {1,2,3,5}. */
  static BitSet bits(String spec) {
    BitSet b = new BitSet();
    for (String part : spec.split(",")) {
      String[] r = part.split("-");
      int from = Integer.parseInt(r[0]);
      int to = r.length == 2 ? Integer.parseInt(r[1]) : from;
      b.set(from, to + 1);
    }
    return b;
  }
}
