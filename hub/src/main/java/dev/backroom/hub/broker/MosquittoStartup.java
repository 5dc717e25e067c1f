package dev.backroom.hub.broker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One broker process and what its own output says about its start: which port it is opening,
 * whether that failed because the address is in use, and whether it logged that it runs (once
 * every listener is open). Fed on the process's reader thread, read by the starting thread.
 */
final class MosquittoStartup {
  private static final Pattern OPENING = Pattern.compile("Opening .* on port (\\d+)\\.");

  final Process process;
  private volatile boolean running;
  private volatile int opening = -1;
  private volatile int portInUse = -1;

  MosquittoStartup(Process process) {
    this.process = process;
  }

  /** One line of the process's output, in order. */
  void accept(String line) {
    if (running) {
      return;
    }
    Matcher m = OPENING.matcher(line);
    if (m.matches()) {
      opening = Integer.parseInt(m.group(1));
    } else if (line.contains("Address already in use")) {
      portInUse = opening;
    } else if (MosquittoLog.isRunningLine(line)) {
      running = true;
    }
  }

  /** It logged {@code mosquitto version ... running}. */
  boolean running() {
    return running;
  }

  /** The port it could not bind because another process holds it, or -1. */
  int portInUse() {
    return portInUse;
  }
}
