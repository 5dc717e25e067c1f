package dev.backroom.sync.wire;

/**
 * The {@code error} codes of {@link ErrorBody}. The first four are named by the contract; the rest
 * are the generic refusals both ends agree on.
 */
public final class ErrorCodes {
  public static final String ACTIVATION_INVALID = "activation_invalid";
  public static final String ACTIVATION_EXPIRED = "activation_expired";
  public static final String ACTIVATION_USED_UP = "activation_used_up";
  public static final String SEQUENCE_GAP = "sequence_gap";

  /** Body or query malformed; the message names the field path. */
  public static final String BAD_REQUEST = "bad_request";
  /** A desired spec failed config's validators; the message lists every field path. */
  public static final String INVALID_SPEC = "invalid_spec";
  /** Missing, malformed or unknown bearer token. */
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String NOT_FOUND = "not_found";
  public static final String CONFLICT = "conflict";

  private ErrorCodes() {}
}
