package dev.backroom.config.constraint;

/** A {@code memberOf} expression that does not parse; the message is the plain reason. */
public class ConstraintSyntaxException extends IllegalArgumentException {
  public ConstraintSyntaxException(String reason) {
    super(reason);
  }
}
