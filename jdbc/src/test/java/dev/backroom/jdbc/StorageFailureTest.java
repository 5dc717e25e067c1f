package dev.backroom.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which driver failures are the storage's: H2's and PostgreSQL's, by code, state and cause. */
class StorageFailureTest {
  record Case(String name, Throwable failure, Optional<StorageFailure> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What H2 2.4 threw on a tmpfs with no space left (the soak's FullDiskIT), cause by cause. */
  static SQLException h2WriteFailed(String ioMessage) {
    IOException io = new IOException(ioMessage);
    RuntimeException store = new MvStoreStandIn(
        "Writing to sun.nio.ch.FileChannelImpl@452e19ca failed; length 20480 at 1044480", io);
    return new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing to "
        + "sun.nio.ch.FileChannelImpl@452e19ca failed; length 20480 at 1044480 [2.4.240/2]\"",
        "HY000", 50000, store);
  }

  /** Named like H2's, which the jdbc module does not link against outside its tests. */
  static final class MvStoreStandIn extends RuntimeException {
    MvStoreStandIn(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static Stream<Case> cases() {
    Optional<StorageFailure> full = Optional.of(StorageFailure.FULL);
    Optional<StorageFailure> unavailable = Optional.of(StorageFailure.UNAVAILABLE);
    Optional<StorageFailure> none = Optional.empty();
    return Stream.of(
        new Case("h2 write failed, disk full", h2WriteFailed("No space left on device"), full),
        new Case("h2 write failed, other I/O error", h2WriteFailed("Input/output error"),
            unavailable),
        new Case("h2 database closed", new SQLException("The database has been closed",
            "90098", 90098), unavailable),
        new Case("h2 called at shutdown", new SQLException("shutdown", "90121", 90121),
            unavailable),
        new Case("h2 file still held by the closed database", new SQLException(
            "Database may be already in use", "90020", 90020), unavailable),
        new Case("h2 I/O exception", new SQLException("IO Exception", "90028", 90028), unavailable),
        new Case("h2 file corrupted", new SQLException("corrupted", "90030", 90030), unavailable),
        new Case("wrapped in a StoreException", new Jdbc.StoreException(new SQLException(
            "The database has been closed", "90098", 90098)), unavailable),
        new Case("wrapped in an IllegalStateException", new IllegalStateException("cut failed",
            h2WriteFailed("No space left on device")), full),
        new Case("postgres disk full", new SQLException("could not extend file", "53100"), full),
        new Case("postgres out of memory", new SQLException("out of memory", "53200"),
            unavailable),
        new Case("postgres I/O error", new SQLException("io", "58030"), unavailable),
        new Case("postgres connection lost", new SQLException("gone", "08006"), unavailable),
        new Case("postgres admin shutdown", new SQLException("terminating", "57P01"),
            unavailable),
        new Case("duplicate key", new SQLException("dup", "23505", 23505), none),
        new Case("syntax error", new SQLException("syntax", "42000", 42000), none),
        new Case("h2 general error of no store", new SQLException("General error: NPE", "HY000",
            50000), none),
        new Case("no SQL state", new SQLException("odd"), none),
        new Case("not a database failure", new IllegalArgumentException("bad"), none),
        new Case("a bare I/O error is not the database's", new IOException("Broken pipe"), none));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void classifies(Case c) {
    assertEquals(c.expected(), StorageFailure.of(c.failure()), c.name());
  }
}
