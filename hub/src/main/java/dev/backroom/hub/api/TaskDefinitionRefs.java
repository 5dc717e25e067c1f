package dev.backroom.hub.api;

import dev.backroom.config.validate.Violation;
import dev.backroom.hub.web.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code family:revision} references where ECS requires the revision. */
final class TaskDefinitionRefs {
  private static final Pattern REF = Pattern.compile("([A-Za-z0-9_-]{1,255}):([1-9][0-9]{0,8})");
  static final int MAX_DELETE = 10;

  record Ref(String family, int revision) {
    @Override
    public String toString() {
      return family + ":" + revision;
    }
  }

  private TaskDefinitionRefs() {}

  /** The reference, or a 400 at {@code path} when it is not family:revision. */
  static Ref parse(String ref, String path) {
    Ref r = parseOrNull(ref);
    if (r == null) {
      throw ApiError.invalid("task definition reference", List.of(new Violation(path,
          "must be family:revision (the revision is required), not '" + ref + "'")));
    }
    return r;
  }

  /** Every reference of a DeleteTaskDefinitions body, or a 400 naming each bad one. */
  static List<Ref> parseAll(List<String> refs) {
    List<Violation> v = new ArrayList<>();
    if (refs == null || refs.isEmpty() || refs.size() > MAX_DELETE) {
      throw ApiError.invalid("DeleteTaskDefinitions request", List.of(new Violation(
          "taskDefinitions", "must list 1 to " + MAX_DELETE + " family:revision references")));
    }
    List<Ref> out = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      Ref r = parseOrNull(refs.get(i));
      if (r == null) {
        v.add(new Violation("taskDefinitions[" + i + "]",
            "must be family:revision (the revision is required), not '" + refs.get(i) + "'"));
      } else if (out.contains(r)) {
        v.add(new Violation("taskDefinitions[" + i + "]", r + " is listed twice"));
      } else {
        out.add(r);
      }
    }
    if (!v.isEmpty()) {
      throw ApiError.invalid("DeleteTaskDefinitions request", v);
    }
    return out;
  }

  private static Ref parseOrNull(String ref) {
    Matcher m = ref == null ? null : REF.matcher(ref);
    return m == null || !m.matches() ? null : new Ref(m.group(1), Integer.parseInt(m.group(2)));
  }
}
