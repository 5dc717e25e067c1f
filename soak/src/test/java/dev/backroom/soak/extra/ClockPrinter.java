package dev.backroom.soak.extra;

/**
 * Run by {@link SteppedClockTest} in a JVM under libfaketime: prints, every 200 ms for the given
 * seconds, {@code currentTimeMillis Instant.now nanoTime waitedNanos} so the test can see which
 * clocks moved, and that a timed wait of 200 ms still lasts 200 ms.
 */
public final class ClockPrinter {
  private ClockPrinter() {}

  public static void main(String[] args) throws InterruptedException {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
    Object monitor = new Object();
    long waited = 0;
    while (System.nanoTime() < end) {
      System.out.println(System.currentTimeMillis() + " " + java.time.Instant.now().toEpochMilli()
          + " " + System.nanoTime() + " " + waited);
      long t0 = System.nanoTime();
      synchronized (monitor) {
        monitor.wait(200);
      }
      waited = System.nanoTime() - t0;
    }
  }
}
