package dev.backroom.soak.extra;

/**
 * Run by {@link SteppedClockTest} in a JVM under libfaketime: prints, every 200 ms for the given
 * seconds, {@code currentTimeMillis Instant.now nanoTime} so the test can see which clocks moved.
 */
public final class ClockPrinter {
  private ClockPrinter() {}

  public static void main(String[] args) throws InterruptedException {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
    while (System.nanoTime() < end) {
      System.out.println(System.currentTimeMillis() + " " + java.time.Instant.now().toEpochMilli()
          + " " + System.nanoTime());
      Thread.sleep(200);
    }
  }
}
