package dev.backroom.bench;

import java.util.Arrays;

/**
 * Resident memory and CPU of a few processes over one window: CPU from the ticks each spent
 * between the window's ends, in percent of one core; RSS sampled every second, the last sample
 * and the highest. A pid of -1 (no such process) reads as zeros.
 */
record IdleWindow(double seconds, long[] pids, double[] cpuPct, double[] rssMb, double[] rssMaxMb) {
  static IdleWindow measure(int seconds, long... pids) throws InterruptedException {
    long[] before = Arrays.stream(pids).map(p -> p < 0 ? 0 : ProcStats.cpuTicks(p)).toArray();
    double[] max = new double[pids.length];
    double[] last = new double[pids.length];
    long t0 = System.nanoTime();
    for (int s = 0; s < seconds; s++) {
      Thread.sleep(1000);
      for (int i = 0; i < pids.length; i++) {
        last[i] = pids[i] < 0 ? 0 : ProcStats.rssKb(pids[i]) / 1024.0;
        max[i] = Math.max(max[i], last[i]);
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double[] cpu = new double[pids.length];
    for (int i = 0; i < pids.length; i++) {
      if (pids[i] >= 0) {
        long after = ProcStats.cpuTicks(pids[i]);
        if (after < 0 || before[i] < 0) {
          throw new IllegalStateException("process " + pids[i] + " ended during the idle window");
        }
        cpu[i] = (after - before[i]) * 100.0 / ProcStats.TICKS_PER_SECOND / wall;
      }
    }
    return new IdleWindow(wall, pids, cpu, last, max);
  }
}
