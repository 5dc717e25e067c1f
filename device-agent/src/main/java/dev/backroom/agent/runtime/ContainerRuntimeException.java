package dev.backroom.agent.runtime;

/** The engine refused a call or could not be reached; the message is fit for a status report. */
public class ContainerRuntimeException extends RuntimeException {
  public ContainerRuntimeException(String message, Throwable cause) {
    super(message, cause);
  }
}
