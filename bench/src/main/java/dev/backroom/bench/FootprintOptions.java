package dev.backroom.bench;

import java.util.Set;

/** {@code ./backroom bench footprint} options. */
record FootprintOptions(int devices, int tasks, int containers, int settleS, int idleS,
    int restarts, String out) {
  static final String USAGE = "usage: backroom bench footprint [--devices N (50)] [--tasks N (200)]"
      + " [--containers N (5)] [--settle-s S (30)] [--idle-s S (60)] [--restarts N (3)]"
      + " [--out FILE (bench/results/footprint.json)]";

  static FootprintOptions parse(String[] args) {
    BenchArgs a = BenchArgs.parse(args, USAGE, Set.of("--devices", "--tasks", "--containers",
        "--settle-s", "--idle-s", "--restarts", "--out"));
    FootprintOptions o = new FootprintOptions(a.integer("--devices", 50),
        a.integer("--tasks", 200), a.integer("--containers", 5),
        a.integer("--settle-s", 30), a.integer("--idle-s", 60),
        a.integer("--restarts", 3), a.string("--out", "bench/results/footprint.json"));
    if (o.devices() < 0 || o.tasks() < 0 || o.containers() < 1 || o.idleS() < 10
        || o.restarts() < 1 || (o.devices() == 0 && o.tasks() > 0)) {
      throw a.refuse("devices >= 0, tasks >= 0 (0 without devices),"
          + " containers >= 1, idle-s >= 10, restarts >= 1");
    }
    return o;
  }
}
