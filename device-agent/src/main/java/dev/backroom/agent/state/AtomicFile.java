package dev.backroom.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Crash-safe replacement of a small file: write a temp file in the same directory, fsync it,
 * rename it over the target atomically, fsync the directory. A crash at any point leaves either
 * the old or the new content on disk, never a torn file.
 */
final class AtomicFile {
  private static final Logger LOG = Logger.getLogger(AtomicFile.class.getName());

  private AtomicFile() {}

  /** Durably replaces {@code file} (inside {@code dir}) with {@code bytes}; returns once on disk. */
  static void write(Path dir, Path file, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("file system of " + dir + " cannot rename atomically", e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    fsyncDirectory(dir);
  }

  /** Moves an unreadable file aside for a post-mortem rather than deleting it. */
  static void keepAside(Path file) {
    try {
      Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException moveFailed) {
      LOG.log(Level.FINE, "cannot move " + file + " aside", moveFailed);
    }
  }

  private static void fsyncDirectory(Path dir) {
    // Makes the rename itself durable. Linux allows fsync on a directory opened for reading;
    // platforms that do not are tolerated, since the rename is still atomic there.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot fsync directory " + dir, e);
    }
  }
}
