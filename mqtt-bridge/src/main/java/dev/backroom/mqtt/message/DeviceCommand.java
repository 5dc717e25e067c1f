package dev.backroom.mqtt.message;

import java.util.Set;

/**
 * A one-off command from the hub to one device on its {@code commands} topic. Log tails and exec
 * sessions are named by {@code sessionId}, which the device repeats on every {@link LogFrame};
 * {@code ping} keeps a session alive (the device ends sessions that go unpinged).
 *
 * <ul>
 *   <li>{@code log-start}: follow {@code taskId}'s container log, last {@code rows} lines first;
 *   <li>{@code exec-start}: a shell with a TTY of {@code cols} x {@code rows} in the container;
 *   <li>{@code exec-input}: {@code data} (base64) to the shell's stdin;
 *   <li>{@code exec-resize}: a new TTY size;
 *   <li>{@code ping}, {@code close}: keep alive, or end, the session;
 *   <li>{@code restart}: replace the task's containers with new ones (new container ids).
 * </ul>
 * {@code containerName} null means the task's first container.
 */
public record DeviceCommand(
    String deviceId,
    String action,
    String sessionId,
    String taskId,
    String containerName,
    String data,
    Integer cols,
    Integer rows) implements WireMessage {
  public static final String LOG_START = "log-start";
  public static final String EXEC_START = "exec-start";
  public static final String EXEC_INPUT = "exec-input";
  public static final String EXEC_RESIZE = "exec-resize";
  public static final String PING = "ping";
  public static final String CLOSE = "close";
  public static final String RESTART = "restart";
  public static final Set<String> ACTIONS =
      Set.of(LOG_START, EXEC_START, EXEC_INPUT, EXEC_RESIZE, PING, CLOSE, RESTART);
  /** Keeps one keystroke burst or paste in one message, and a bad sender's input bounded. */
  public static final int MAX_DATA_CHARS = 16 * 1024;

  public static DeviceCommand of(String deviceId, String action, String sessionId, String taskId) {
    return new DeviceCommand(deviceId, action, sessionId, taskId, null, null, null, null);
  }

  @Override
  public String problem() {
    if (action == null || !ACTIONS.contains(action)) {
      return "unknown action " + action;
    }
    boolean needsTask = action.equals(LOG_START) || action.equals(EXEC_START)
        || action.equals(RESTART);
    if (needsTask && (taskId == null || taskId.isBlank())) {
      return action + " needs a taskId";
    }
    if (!action.equals(RESTART) && (sessionId == null || sessionId.isBlank()
        || sessionId.length() > 64)) {
      return action + " needs a sessionId of at most 64 characters";
    }
    if (data != null && data.length() > MAX_DATA_CHARS) {
      return "data longer than " + MAX_DATA_CHARS;
    }
    if (cols != null && (cols < 1 || cols > 1000) || rows != null && (rows < 0 || rows > 10_000)) {
      return "cols or rows out of range";
    }
    return null;
  }
}
