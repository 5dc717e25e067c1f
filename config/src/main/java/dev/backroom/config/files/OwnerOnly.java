package dev.backroom.config.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Data directories mode 0700 and the files in them 0600: they hold password hashes, token
 * digests, device credentials, CA keys and the audit log, and nobody but the process's own user
 * has any business reading them. Java cannot set a umask, so a directory is created with its
 * mode (not created, then narrowed) and files a library creates later (H2's database, trace and
 * temp files) are narrowed when the owner starts; the 0700 directory keeps them private in
 * between.
 *
 * <p>On a file system without POSIX permissions (Windows) every method does nothing.
 * Symbolic links are never followed: a link planted in a data directory must not get its
 * target's mode changed.
 */
public final class OwnerOnly {
  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /**
   * Creates {@code dir} (and missing parents, all 0700) or narrows an existing one to 0700.
   *
   * @return {@code dir}
   * @throws IOException when it cannot be created or its mode cannot be set
   */
  public static Path directory(Path dir) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      narrow(dir, DIRECTORY);
      return dir;
    }
    return createDirectories(dir);
  }

  /**
   * Creates whatever of {@code dir} and its parents is missing, each 0700; leaves existing
   * directories as they are (a parent may be shared, such as /tmp or /var/lib).
   *
   * @return {@code dir}
   */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Path existing = dir.toAbsolutePath().getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !posix(existing)) {
      return Files.createDirectories(dir);
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    // The attribute is masked by the umask; the directories are new, so nothing is in them yet.
    for (Path p : missing) {
      narrow(p, DIRECTORY);
    }
    return dir;
  }

  /**
   * Narrows an existing regular file to 0600; a missing file is left missing.
   *
   * @throws IOException when the mode cannot be set (another user's file, say)
   */
  public static void file(Path file) throws IOException {
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      narrow(file, FILE);
    }
  }

  /**
   * Narrows {@code dir} and every directory below it to 0700 and every regular file to 0600;
   * links are left as they are and not followed. A missing {@code dir} is created 0700.
   *
   * @return the paths whose mode was changed (for a log line), in walk order
   * @throws IOException at the first path that cannot be narrowed
   */
  public static List<Path> tree(Path dir) throws IOException {
    List<Path> changed = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      directory(dir);
      return changed;
    }
    if (!posix(dir)) {
      return changed;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
          throws IOException {
        if (narrow(d, DIRECTORY)) {
          changed.add(d);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile() && narrow(f, FILE)) {
          changed.add(f);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return changed;
  }

  /** Whether {@code path}'s file system has POSIX permissions. */
  public static boolean posix(Path path) {
    try {
      return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Sets {@code mode} unless it is already set; true when it changed something. */
  private static boolean narrow(Path p, Set<PosixFilePermission> mode) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return false;
    }
    if (view.readAttributes().permissions().equals(mode)) {
      return false;
    }
    view.setPermissions(mode);
    return true;
  }
}
