package dev.backroom.sync.selector;

/** A selector that does not parse; the message names the term and what is wrong with it. */
public final class SelectorSyntaxException extends IllegalArgumentException {
  public SelectorSyntaxException(String selector, String reason) {
    super("selector '" + selector + "': " + reason);
  }
}
