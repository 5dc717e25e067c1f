package dev.backroom.compose.yaml;

/** The text is not one YAML document Compose would read; the message says where and why. */
public final class YamlException extends Exception {
  public YamlException(String message) {
    super(message);
  }
}
