package dev.backroom.sync.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SequenceVerdictTest {
  record Case(long last, long sequence, SequenceVerdict expected) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case(0, 1, new SequenceVerdict.Accept(1)),
        new Case(0, 2, new SequenceVerdict.Gap(1, 2)),
        new Case(4, 5, new SequenceVerdict.Accept(5)),
        new Case(4, 4, new SequenceVerdict.Duplicate(4)),
        new Case(4, 1, new SequenceVerdict.Duplicate(4)),
        new Case(4, 9, new SequenceVerdict.Gap(5, 9)),
        new Case(4, 0, new SequenceVerdict.Invalid("sequence must be 1 or more but is 0")),
        new Case(0, -3, new SequenceVerdict.Invalid("sequence must be 1 or more but is -3")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void classify_followsTheContract(Case c) {
    assertEquals(c.expected(), SequenceVerdict.classify(c.last(), c.sequence()));
  }

  static Stream<Long> seeds() {
    return new Random(77L).longs(30).boxed();
  }

  /**
   * Verifies that a hub resending batches in any order, with repeats, gets each sequence stored
   * exactly once and in order: nothing stored twice, nothing skipped.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void resendsAndReordering_storeEachBatchOnceInOrder(long seed) {
    Random r = new Random(seed);
    int batches = 1 + r.nextInt(30);
    long last = 0;
    int stored = 0;
    long next = 1;
    while (next <= batches) {
      long sent = Math.max(1, next + r.nextInt(4) - 2);
      SequenceVerdict v = SequenceVerdict.classify(last, sent);
      if (v instanceof SequenceVerdict.Accept a) {
        assertEquals(last + 1, a.sequence());
        last = a.sequence();
        stored++;
        next = last + 1;
      } else if (v instanceof SequenceVerdict.Gap g) {
        assertEquals(last + 1, g.expected());
        next = g.expected();
      } else {
        assertInstanceOf(SequenceVerdict.Duplicate.class, v);
        assertEquals(last, ((SequenceVerdict.Duplicate) v).acceptedSequence());
      }
    }
    assertEquals(batches, stored);
    assertEquals(batches, last);
  }
}
