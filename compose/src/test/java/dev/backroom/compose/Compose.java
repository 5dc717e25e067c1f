package dev.backroom.compose;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.TaskDefinition;
import java.util.Map;
import java.util.Set;

/** Fixtures for the converter's tests: one project, its variables and env files. */
final class Compose {
  static final Map<String, String> ENV = Map.of("TAG", "1.25", "FROM_SHELL", "shell-value");
  static final Map<String, String> FILES = Map.of(
      "./common.env", "LEVEL=info\nSHARED=common\n",
      "./web.env", "# web settings\nSHARED=web\nQUOTED=\"a b\"\nLITERAL='$TAG'\nEXPANDED=${TAG}\n",
      ".env", "PORT=8080\nTAG=from-dotenv\n");

  private Compose() {}

  static ComposeResult convert(String yaml) {
    return convert(yaml, Set.of());
  }

  /** The fixture's files that the yaml mentions, and .env: what the CLI sends. */
  static ComposeResult convert(String yaml, Set<String> profiles) {
    Map<String, String> files = new java.util.HashMap<>();
    FILES.forEach((name, content) -> {
      if (name.equals(".env") || yaml.contains(name)) {
        files.put(name, content);
      }
    });
    return ComposeConverter.convert(new ComposeInput(yaml, "shop", ENV, files, profiles));
  }

  /** A file with one service {@code web} (image nginx, 256 MiB unless the body sets memory). */
  static String web(String body) {
    String mem = body.contains("mem") ? "" : "    mem_limit: 256m\n";
    return "services:\n  web:\n    image: nginx:1\n" + indent(body) + mem;
  }

  static String indent(String body) {
    StringBuilder b = new StringBuilder();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        b.append("    ").append(line).append('\n');
      }
    }
    return b.toString();
  }

  static ComposeResult accepted(String yaml) {
    ComposeResult r = convert(yaml);
    assertTrue(r.accepted(), () -> "refused: " + r.refusals() + "\n" + yaml);
    return r;
  }

  static TaskDefinition task(ComposeResult r) {
    return r.taskDefinitions().get(0);
  }

  static ContainerDefinition container(ComposeResult r) {
    return task(r).containerDefinitions().get(0);
  }
}
