package dev.backroom.agent.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each device repeats its status on its own period, so a fleet's repeats do not come at once. */
class StatusRefreshTest {
  @Test
  void periodsStayWithinAFifthOfTheDefaultAndSpreadAcrossIt() {
    Duration base = StatusReporter.STATUS_REFRESH;
    Duration min = base.multipliedBy(2);
    Duration max = Duration.ZERO;
    int[] buckets = new int[4];
    for (int i = 0; i < 2_000; i++) {
      String id = i % 2 == 0 ? "nuc-" + i : "store-0042-jetson-" + i;
      Duration d = StatusReporter.refreshFor(id);
      assertTrue(d.compareTo(base.multipliedBy(8).dividedBy(10)) >= 0, id + ": " + d);
      assertTrue(d.compareTo(base.multipliedBy(12).dividedBy(10)) <= 0, id + ": " + d);
      assertEquals(d, StatusReporter.refreshFor(id), "fixed per device");
      min = d.compareTo(min) < 0 ? d : min;
      max = d.compareTo(max) > 0 ? d : max;
      long permille = d.toMillis() * 1000 / base.toMillis();
      buckets[(int) Math.min(3, (permille - 800) / 100)]++;
    }
    assertTrue(min.compareTo(base.multipliedBy(82).dividedBy(100)) < 0, "min " + min);
    assertTrue(max.compareTo(base.multipliedBy(118).dividedBy(100)) > 0, "max " + max);
    for (int b : buckets) {
      assertTrue(b > 300, "uneven spread over the range: " + java.util.Arrays.toString(buckets));
    }
  }
}
