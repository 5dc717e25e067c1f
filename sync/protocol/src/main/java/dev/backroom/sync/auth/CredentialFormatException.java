package dev.backroom.sync.auth;

/** A store credential or bearer header that is not of the form {@code brs1.<storeId>.<secret>}. */
public final class CredentialFormatException extends IllegalArgumentException {
  public CredentialFormatException(String reason) {
    super(reason);
  }
}
