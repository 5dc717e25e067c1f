package dev.backroom.agent.runtime;

import java.io.Closeable;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Interactive access to a running container for troubleshooting: following its log and a shell
 * with a TTY. Callbacks run on the runtime's own threads and must return quickly; {@code ended}
 * is called at most once, with a short reason, however the stream ends (closed, container gone,
 * engine error). Starting throws {@link ContainerRuntimeException} when the engine refuses.
 */
public interface ContainerConsole extends AutoCloseable {

  /**
   * Follows the container's stdout and stderr, starting with the last {@code tail} lines; each
   * line comes with the instant the container wrote it (null when the engine did not say).
   */
  Closeable followLog(String containerId, int tail, BiConsumer<Instant, String> line,
      Consumer<String> ended);

  /** Starts {@code /bin/sh} with a TTY of {@code cols} x {@code rows} inside the container. */
  Shell exec(String containerId, int cols, int rows, Consumer<byte[]> output,
      Consumer<String> ended);

  /** A running exec session; {@link #close} ends it (the shell gets EOF and a hangup). */
  interface Shell extends Closeable {
    /** Queues input for the shell's stdin; false when the input buffer is full (dropped). */
    boolean write(byte[] input);

    void resize(int cols, int rows);

    @Override
    void close();
  }

  @Override
  void close();
}
