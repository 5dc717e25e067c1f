package dev.backroom.compose.yaml;

/** The text is not one YAML document Compose would read; the message says where and why. */
public final class YamlException extends Exception {
  private final String path;

  public YamlException(String path, String message) {
    super(message);
    this.path = path;
  }

  /** The key path where it went wrong ({@code services.web.image}), or "(file)". */
  public String path() {
    return path;
  }
}
