package dev.backroom.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoakOptionsTest {
  static final Path OUT = Path.of("bench/results/soak.json");

  @Test
  void flags_areRead_andReplayNamesThem() throws Exception {
    SoakOptions o = SoakOptions.parse(new String[] {"--minutes", "2", "--seed", "42", "--out",
        "/tmp/x.json", "--mode", "mosquitto"}, OUT);
    assertEquals(new SoakOptions(2, 42, Path.of("/tmp/x.json"), SoakOptions.Mode.MOSQUITTO), o);
    assertEquals("./backroom soak --minutes 2 --seed 42 --mode mosquitto", o.replay());
    assertEquals("./backroom soak --minutes 0.5 --seed -3 --mode embedded",
        SoakOptions.parse(new String[] {"--minutes", "0.5", "--seed", "-3"}, OUT).replay());
    SoakOptions skip = SoakOptions.parse(new String[] {"--seed", "7", "--skip", "8",
        "--faults", "+disk-full"}, OUT);
    assertEquals(8, skip.skip());
    assertEquals("./backroom soak --minutes 10 --seed 7 --mode embedded --faults "
        + "kill-9,sigstop,docker-kill,docker-stop,link-cut,link-stall,link-slow,clock-step,disk-full"
        + " --skip 8", skip.replay());
  }

  @Test
  void defaults_tenMinutesEmbeddedToTheBenchResults() throws Exception {
    SoakOptions o = SoakOptions.parse(new String[0], OUT);
    assertEquals(10, o.minutes());
    assertEquals(OUT, o.out());
    assertEquals(SoakOptions.Mode.EMBEDDED, o.mode());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "+disk-full|kill-9 sigstop docker-kill docker-stop link-cut link-stall link-slow clock-step disk-full",
      "+disk-full,-clock-step|kill-9 sigstop docker-kill docker-stop link-cut link-stall link-slow disk-full",
      "-sigstop,-link-slow|kill-9 docker-kill docker-stop link-cut link-stall clock-step",
      "disk-full,kill-9|kill-9 disk-full",
      "-disk-full|kill-9 sigstop docker-kill docker-stop link-cut link-stall link-slow clock-step"})
  void faults_editOrReplaceTheDefaultSet_inTheSchedulersOrder(String spec, String kinds)
      throws Exception {
    SoakOptions o = SoakOptions.parse(new String[] {"--seed", "1", "--faults", spec}, OUT);
    assertEquals(java.util.List.of(kinds.split(" ")), java.util.List.copyOf(o.faults()));
    assertEquals(o, SoakOptions.parse(o.replay().substring("./backroom soak ".length()).split(" "),
        OUT), "the replay command selects the same kinds");
  }

  @Test
  void defaultFaults_leaveOnlyTheFullDiskOut() throws Exception {
    SoakOptions o = SoakOptions.parse(new String[0], OUT);
    assertEquals(false, o.faults().contains("disk-full"));
    assertEquals(true, o.faults().contains("clock-step"));
    assertEquals(SoakOptions.KINDS.size() - 1, o.faults().size());
  }

  @Test
  void help_isNull() throws Exception {
    assertNull(SoakOptions.parse(new String[] {"--seed", "1", "--help"}, OUT));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bogus|unknown argument --bogus",
      "--minutes|--minutes: needs a value",
      "--minutes --seed 1|--minutes: needs a value",
      "--minutes x|--minutes: not a number: x",
      "--minutes 0|--minutes: must be above 0 and at most 1440, was 0",
      "--minutes NaN|--minutes: must be above 0 and at most 1440, was NaN",
      "--seed 1.5|--seed: not an integer: 1.5",
      "--mode kafka|--mode: embedded or mosquitto, was kafka",
      "extra|unknown argument extra",
      "--faults +disk|--faults: unknown kind 'disk' (kinds: kill-9, sigstop, docker-kill, docker-stop, link-cut, link-stall, link-slow, clock-step, disk-full)",
      "--faults +disk-full,kill-9|--faults: either +KIND/-KIND edits or a list of kinds, not both: +disk-full,kill-9",
      "--skip -1|--skip: must be 0 or more, was -1",
      "--skip x|--skip: not an integer: x",
      "--faults kill-9,|--faults: unknown kind '' (kinds: kill-9, sigstop, docker-kill, docker-stop, link-cut, link-stall, link-slow, clock-step, disk-full)"})
  void badArguments_areRefusedWithTheReason(String args, String reason) {
    var e = assertThrows(SoakOptions.UsageException.class,
        () -> SoakOptions.parse(args.split(" "), OUT));
    assertEquals(reason, e.getMessage());
  }
}
