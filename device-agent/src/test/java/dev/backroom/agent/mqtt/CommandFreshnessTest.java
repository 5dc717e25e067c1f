package dev.backroom.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandFreshnessTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long SKEW = CommandFreshness.SKEW.toMillis();

  /** A command as (epoch, seq, ts offset from the device's clock). */
  record Cmd(long epoch, long seq, long tsOffset) {}

  record Case(String name, long floorEpoch, List<Cmd> commands, List<String> verdicts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String OK = "ok";

  static Stream<Case> cases() {
    return Stream.of(
        new Case("growing sequence", 0, List.of(new Cmd(5, 1, 0), new Cmd(5, 2, 0)),
            List.of(OK, OK)),
        new Case("duplicate and older sequence", 0,
            List.of(new Cmd(5, 3, 0), new Cmd(5, 3, 0), new Cmd(5, 2, 0)),
            List.of(OK, CommandFreshness.REPLAYED, CommandFreshness.REPLAYED)),
        new Case("a new epoch starts its sequence over; the old one is then over", 0,
            List.of(new Cmd(5, 9, 0), new Cmd(6, 1, 0), new Cmd(5, 10, 0)),
            List.of(OK, OK, CommandFreshness.REPLAYED)),
        new Case("epoch before the stored assignment's", 7, List.of(new Cmd(6, 1, 0)),
            List.of(CommandFreshness.REPLAYED)),
        new Case("within the skew window either way", 0,
            List.of(new Cmd(5, 1, -SKEW), new Cmd(5, 2, SKEW)), List.of(OK, OK)),
        new Case("outside it, and a refused command does not move the sequence", 0,
            List.of(new Cmd(5, 1, -SKEW - 1), new Cmd(5, 2, SKEW + 1), new Cmd(5, 1, 0)),
            List.of(CommandFreshness.CLOCK_SKEW, CommandFreshness.CLOCK_SKEW, OK)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void check(Case c) {
    CommandFreshness f = new CommandFreshness();
    f.observeEpoch(c.floorEpoch());
    List<String> got = new ArrayList<>();
    for (Cmd cmd : c.commands()) {
      String v = f.check(cmd.epoch(), cmd.seq(), NOW + cmd.tsOffset(), NOW);
      got.add(v == null ? OK : v);
    }
    assertEquals(c.verdicts(), got);
  }
}
