package dev.backroom.compose;

/**
 * One thing of a Compose file that Backroom cannot run as written.
 *
 * @param service the Compose service it belongs to, or {@code null} for the file's top level
 * @param path where it is: a Compose key path ({@code services.web.ports[0]}), or, for a rule of
 *     the produced ECS records, {@code taskDefinitions[family].containerDefinitions[0].memory}
 * @param reason why, and what to write instead
 */
public record Refusal(String service, String path, String reason) {
  @Override
  public String toString() {
    return (service == null ? "" : "[" + service + "] ") + path + ": " + reason;
  }
}
