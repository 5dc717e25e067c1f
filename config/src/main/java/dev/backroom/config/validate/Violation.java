package dev.backroom.config.validate;

/** One problem with a spec: {@code path} is a JSON path such as {@code containerDefinitions[0].image}. */
public record Violation(String path, String reason) {
  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
