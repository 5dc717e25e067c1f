package dev.backroom.agent.state;

import dev.backroom.config.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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

  /**
   * Durably replaces {@code file} (inside {@code dir}) with {@code bytes}; returns once on disk.
   * The directory is made 0700 and the file is 0600 from its first byte (the temp file is
   * created with that mode): what the agent stores tells which workloads, volumes and commands
   * run on the device.
   */
  static void write(Path dir, Path file, byte[] bytes) throws IOException {
    OwnerOnly.directory(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
        PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
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

  /**
   * Narrows an existing {@code dir} to 0700 and {@code file} to 0600, for files an older agent
   * left with the umask's mode. Nothing is created.
   *
   * @throws UncheckedIOException when a mode cannot be set (another user's file): the agent
   *     must not go on with a data directory it cannot keep private
   */
  static void narrow(Path dir, Path file) {
    try {
      if (Files.isDirectory(dir)) {
        OwnerOnly.directory(dir);
      }
      OwnerOnly.file(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + file + " owner-only (0600 in a 0700"
          + " directory): " + e.getMessage(), e);
    }
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
