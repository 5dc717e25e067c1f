package dev.backroom.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * A database failure that is the storage's and not the statement's: the disk is full, a file
 * cannot be written, the database was closed under the caller. Such a failure says nothing
 * about the request, it passes once the storage is back, so the apps answer 503 for it rather
 * than 500. Pure: it reads the cause chain of what the driver threw, nothing else.
 *
 * <p>H2 (embedded, file mode) closes the whole database at the first write the file system
 * refuses ("Writing to ... failed", error 50000 around an MVStoreException around the
 * IOException); every statement on a connection opened before then fails with 90098 "The
 * database has been closed", while a new connection opens the file again. PostgreSQL reports
 * the same conditions by SQL state: class 53 (insufficient resources, 53100 disk full), class
 * 58 (system error, 58030 I/O error), class 08 (connection lost) and 57P01 to 57P03 (shut down,
 * not yet accepting connections).
 */
public enum StorageFailure {
  /** No space left on the device that holds the database. */
  FULL,
  /** The database cannot read or write its files, or is closed; it may come back on its own. */
  UNAVAILABLE;

  /**
   * H2: database closed, called at shutdown, I/O errors, file corrupted, and "database may be
   * already in use" (90020), which a new connection meets while the database H2 closed at a
   * failed write still holds its file in this process.
   */
  private static final Set<Integer> H2_CODES = Set.of(90098, 90121, 90028, 90031, 90030, 90020);
  private static final int H2_GENERAL_ERROR = 50000;
  private static final Set<String> PG_STATES = Set.of("57P01", "57P02", "57P03");
  /** Causes seen at most this deep: the chain a driver builds is short, a cycle is not. */
  private static final int MAX_DEPTH = 16;

  /** The storage failure somewhere in {@code t}'s cause chain; empty for any other failure. */
  public static Optional<StorageFailure> of(Throwable t) {
    boolean storage = false;
    int depth = 0;
    for (Throwable c = t; c != null && depth < MAX_DEPTH; c = c.getCause(), depth++) {
      if (isNoSpace(c)) {
        return Optional.of(FULL);
      }
      storage |= isStorage(c);
    }
    return storage ? Optional.of(UNAVAILABLE) : Optional.empty();
  }

  private static boolean isStorage(Throwable c) {
    if (c instanceof SQLException s) {
      String state = s.getSQLState() == null ? "" : s.getSQLState();
      if (H2_CODES.contains(s.getErrorCode()) || PG_STATES.contains(state)
          || state.startsWith("53") || state.startsWith("58") || state.startsWith("08")) {
        return true;
      }
      // H2's general error wraps what its store threw; only a store failure is the storage's.
      return s.getErrorCode() == H2_GENERAL_ERROR && s.getMessage() != null
          && s.getMessage().contains("MVStoreException");
    }
    return c.getClass().getName().equals("org.h2.mvstore.MVStoreException");
  }

  private static boolean isNoSpace(Throwable c) {
    if (c instanceof SQLException s && "53100".equals(s.getSQLState())) {
      return true;
    }
    // The JDK's text for ENOSPC; Java has no distinct exception type for it.
    return c instanceof IOException && c.getMessage() != null
        && c.getMessage().contains("No space left on device");
  }
}
