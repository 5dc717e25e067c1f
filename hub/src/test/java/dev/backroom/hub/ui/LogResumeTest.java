package dev.backroom.hub.ui;

import static dev.backroom.hub.ui.LogResume.Verdict.SHOW;
import static dev.backroom.hub.ui.LogResume.Verdict.SHOW_AFTER_MISSED;
import static dev.backroom.hub.ui.LogResume.Verdict.SHOW_UNSURE;
import static dev.backroom.hub.ui.LogResume.Verdict.SKIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogResumeTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00.000000100Z");

  private static List<LogResume.Verdict> feed(LogResume r, Instant... lines) {
    return Arrays.stream(lines).map(r::next).toList();
  }

  private static Instant at(long nanos) {
    return T.plusNanos(nanos);
  }

  @Test
  void aFreshTail_showsEveryLine_timedOrNot() {
    assertEquals(List.of(SHOW, SHOW, SHOW), feed(LogResume.fresh(), at(-5), null, at(3)));
  }

  @Test
  void aTailThatReachesBackToTheLastLine_skipsWhatTheBrowserHas_andShowsTheRest() {
    // 63 lines on the page, the tail replays them and adds two: only the two are shown.
    Instant[] tail = new Instant[65];
    for (int i = 0; i < 65; i++) {
      tail[i] = at(i - 62);
    }
    List<LogResume.Verdict> v = feed(new LogResume(T, 1), tail);
    assertEquals(63, v.stream().filter(x -> x == SKIP).count());
    assertEquals(List.of(SHOW, SHOW), v.subList(63, 65));
  }

  @Test
  void linesWrittenInTheSameInstant_areCounted_notAllSkipped() {
    // The browser has two lines written at T; the tail has three at T: the third is new.
    assertEquals(List.of(SKIP, SKIP, SKIP, SHOW, SHOW),
        feed(new LogResume(T, 2), at(-1), T, T, T, at(1)));
  }

  @Test
  void nothingNewSinceTheDrop_showsNothing() {
    assertEquals(List.of(SKIP, SKIP), feed(new LogResume(T, 1), at(-1), T));
  }

  @Test
  void aTailThatStartsAfterTheLastLine_saysLinesMayBeMissing_once() {
    assertEquals(List.of(SHOW_AFTER_MISSED, SHOW, SHOW),
        feed(new LogResume(T, 1), at(5), at(6), at(7)));
  }

  @Test
  void aDeviceThatDoesNotTimeItsLines_cannotResume_andSaysSo() {
    assertEquals(List.of(SHOW_UNSURE, SHOW), feed(new LogResume(T, 1), null, null));
  }

  @Test
  void theCursorFromTheQuery_isReadOrIgnoredWhenUnreadable() {
    assertEquals(T, LogResume.fromQuery("2026-03-01T10:00:00.000000100Z", "3").after());
    assertEquals(T, LogResume.fromQuery(T.toString(), null).after());
    assertNull(LogResume.fromQuery(null, "1").after());
    assertNull(LogResume.fromQuery("yesterday", "1").after());
    assertNull(LogResume.fromQuery(T.toString(), "many").after());
    assertEquals(List.of(SKIP, SKIP, SKIP, SHOW),
        feed(LogResume.fromQuery(T.toString(), "3"), T, T, T, T));
  }
}
