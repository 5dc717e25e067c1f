package dev.backroom.hub.broker.dynsec;

/** Mosquitto refused a dynamic-security command, did not answer in time, or was not reachable. */
public final class DynsecException extends RuntimeException {
  private final String command;

  public DynsecException(String command, String message) {
    super(command + ": " + message);
    this.command = command;
  }

  /** The dynamic-security command that failed, e.g. {@code createClient}. */
  public String command() {
    return command;
  }
}
