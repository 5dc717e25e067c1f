package dev.backroom.bench;

/** {@code ./backroom bench footprint} options. */
record FootprintOptions(int devices, int tasks, int containers, int settleS, int idleS,
    int restarts, String out) {
  static final String USAGE = "usage: backroom bench footprint [--devices N (50)] [--tasks N (200)]"
      + " [--containers N (5)] [--settle-s S (30)] [--idle-s S (60)] [--restarts N (3)]"
      + " [--out FILE (bench/results/footprint.json)]";

  static FootprintOptions parse(String[] args) {
    FootprintOptions o = new FootprintOptions(intArg(args, "--devices", 50),
        intArg(args, "--tasks", 200), intArg(args, "--containers", 5),
        intArg(args, "--settle-s", 30), intArg(args, "--idle-s", 60),
        intArg(args, "--restarts", 3), strArg(args, "--out", "bench/results/footprint.json"));
    for (int i = 0; i < args.length; i += 2) {
      if (!USAGE.contains("[" + args[i] + " ") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown or incomplete option " + args[i] + "\n" + USAGE);
      }
    }
    if (o.devices() < 0 || o.tasks() < 0 || o.containers() < 1 || o.idleS() < 10
        || o.restarts() < 1 || (o.devices() == 0 && o.tasks() > 0)) {
      throw new IllegalArgumentException("devices >= 0, tasks >= 0 (0 without devices),"
          + " containers >= 1, idle-s >= 10, restarts >= 1\n" + USAGE);
    }
    return o;
  }

  private static int intArg(String[] args, String name, int dflt) {
    String v = strArg(args, name, null);
    return v == null ? dflt : Integer.parseInt(v);
  }

  private static String strArg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }
}
