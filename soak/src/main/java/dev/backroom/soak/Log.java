package dev.backroom.soak;

import java.io.PrintStream;

/** The run's console: every line stamped with the seconds since the run started. */
final class Log {
  private final long t0 = System.nanoTime();
  private final PrintStream out;

  Log(PrintStream out) {
    this.out = out;
  }

  double seconds() {
    return (System.nanoTime() - t0) / 1e9;
  }

  synchronized void line(String s) {
    out.printf("soak [%7.1fs] %s%n", seconds(), s);
    out.flush();
  }
}
