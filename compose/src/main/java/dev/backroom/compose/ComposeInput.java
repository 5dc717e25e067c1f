package dev.backroom.compose;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a conversion reads; the converter opens no file and reads no process environment.
 *
 * @param yaml the Compose file's text
 * @param project the project name (Compose's {@code --project-name}); when null, the file's
 *     top-level {@code name}; one of them is required. It prefixes every family, service and
 *     named volume, so two projects on one hub do not collide
 * @param environment the variables interpolation and valueless {@code environment} entries read
 *     (what Compose takes from the shell); they win over the {@code .env} file's
 * @param files file name (as the Compose file writes it, e.g. {@code ./web.env}) to content:
 *     the {@code env_file}s and, under {@code .env}, the project's dotenv file
 * @param profiles the active profiles (Compose's {@code --profile})
 */
public record ComposeInput(String yaml, String project, Map<String, String> environment,
    Map<String, String> files, Set<String> profiles) {

  /** The name of the project's dotenv file in {@link #files}. */
  public static final String DOT_ENV = ".env";

  public ComposeInput {
    Objects.requireNonNull(yaml, "yaml");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    files = files == null ? Map.of() : Map.copyOf(files);
    profiles = profiles == null ? Set.of() : Set.copyOf(profiles);
  }

  public static ComposeInput of(String yaml, String project) {
    return new ComposeInput(yaml, project, Map.of(), Map.of(), Set.of());
  }
}
