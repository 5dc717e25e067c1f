package dev.backroom.agent.runtime.docker;

import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The stdin handed to docker-java for an exec: chunks offered from any thread, read by the
 * transport's pump thread. Bounded, so a flood of input is refused rather than buffered without
 * limit. Unlike {@link java.io.PipedInputStream} it does not care which threads write.
 */
final class QueueInputStream extends InputStream {
  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<byte[]> chunks;
  private byte[] current = new byte[0];
  private int pos;
  private volatile boolean closed;

  QueueInputStream(int capacity) {
    this.chunks = new ArrayBlockingQueue<>(capacity);
  }

  /** False when closed or full. */
  boolean offer(byte[] chunk) {
    return !closed && chunk.length > 0 && chunks.offer(chunk.clone());
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (pos >= current.length) {
      if (current == EOF) {
        return -1;
      }
      try {
        current = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      pos = 0;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      chunks.clear();
      chunks.offer(EOF);
    }
  }
}
