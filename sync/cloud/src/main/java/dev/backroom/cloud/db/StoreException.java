package dev.backroom.cloud.db;

import java.sql.SQLException;

/** A database failure; the API answers 500 for it, since it is never the caller's fault. */
public class StoreException extends RuntimeException {
  public StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
