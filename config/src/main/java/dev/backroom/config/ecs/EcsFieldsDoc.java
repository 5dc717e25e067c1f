package dev.backroom.config.ecs;

import java.util.stream.Collectors;

/** Renders {@link EcsFields} as the Markdown tables of docs/ecs-task-definitions.md. */
public final class EcsFieldsDoc {
  /** The generated part of the doc sits between these lines. */
  public static final String BEGIN = "<!-- BEGIN generated from EcsFields: do not edit -->";
  public static final String END = "<!-- END generated from EcsFields -->";

  private EcsFieldsDoc() {}

  public static String tables() {
    String fields = EcsFields.fields().stream()
        .map(f -> "| `" + f.path() + "` | " + f.treatment() + (f.ecs() ? "" : " (Backroom)")
            + " | " + cell(f.backroom()) + " | " + cell(f.docker()) + " |")
        .collect(Collectors.joining("\n"));
    String values = EcsFields.refusedValues().stream()
        .map(v -> "| `" + v.path() + "` | `" + v.value() + "` | " + cell(v.reason()) + " |")
        .collect(Collectors.joining("\n"));
    return BEGIN + "\n\n"
        + "| Field | Treatment | What Backroom does | Docker |\n|---|---|---|---|\n" + fields
        + "\n\nRefused values of accepted fields:\n\n"
        + "| Field | Value | Reason |\n|---|---|---|\n" + values + "\n\n" + END;
  }

  private static String cell(String s) {
    return s.isEmpty() ? "–" : s.replace("|", "\\|");
  }
}
