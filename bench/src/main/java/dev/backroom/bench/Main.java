package dev.backroom.bench;

import java.util.Arrays;

/** {@code ./backroom bench <name> [options]}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help")) {
      System.out.println(DesiredToRunning.USAGE);
      System.out.println(ScaleOptions.USAGE.replace("usage: ", "       "));
      System.out.println(TelemetryOptions.USAGE.replace("usage: ", "       "));
      System.out.println(CloudLoadOptions.USAGE.replace("usage: ", "       "));
      System.out.println(EcsApi.USAGE.replace("usage: ", "       "));
      System.out.println(FootprintOptions.USAGE.replace("usage: ", "       "));
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    BenchStamp.start();
    try {
      switch (args[0]) {
        case "desired-to-running" -> DesiredToRunning.main(rest);
        case "scale" -> Scale.main(rest);
        case "telemetry" -> Telemetry.main(rest);
        case "cloud-load" -> CloudLoad.main(rest);
        case "ecs-api" -> EcsApi.main(rest);
        case "footprint" -> Footprint.main(rest);
        default -> {
          System.err.println("unknown benchmark " + args[0] + "; try desired-to-running, scale, telemetry, cloud-load, ecs-api or footprint");
          System.exit(2);
        }
      }
    } catch (BenchArgs.UsageException e) {
      System.err.println("backroom bench " + args[0] + ": " + e.getMessage());
      System.exit(2);
    }
  }
}
