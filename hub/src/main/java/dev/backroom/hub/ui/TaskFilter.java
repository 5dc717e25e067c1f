package dev.backroom.hub.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the tasks page shows, as its query parameters say ({@code /tasks?state=RUNNING&
 * restarts=1&service=till}), so a view can be bookmarked and the form works without a script.
 * A value the page cannot use is said on the page ({@code problems}) and left out of the
 * filter, never silently taken for another one. Pure.
 *
 * @param state one of {@link TaskState#STATES}, or null for any
 * @param minRestarts at least this many restarts; 0 for any
 * @param service the service's name, or null for any (standalone tasks included)
 */
public record TaskFilter(String state, int minRestarts, String service, List<String> problems) {
  /** The restart thresholds the form offers: any, restarted at least once, 3, 10 times. */
  public static final List<Integer> RESTART_CHOICES = List.of(0, 1, 3, 10);

  public static TaskFilter parse(String state, String restarts, String service) {
    List<String> problems = new ArrayList<>();
    String s = blankToNull(state);
    if (s != null) {
      s = s.toUpperCase(Locale.ROOT);
      if (!TaskState.STATES.contains(s)) {
        problems.add("state: one of " + String.join(", ", TaskState.STATES));
        s = null;
      }
    }
    int min = 0;
    String r = blankToNull(restarts);
    if (r != null) {
      try {
        min = Integer.parseInt(r);
      } catch (NumberFormatException e) {
        min = -1;
      }
      if (min < 0) {
        problems.add("restarts: a whole number of restarts, at least 0");
        min = 0;
      }
    }
    return new TaskFilter(s, min, blankToNull(service), List.copyOf(problems));
  }

  public boolean matches(TaskRow t) {
    return (state == null || state.equals(t.state())) && t.restarts() >= minRestarts
        && (service == null || service.equals(t.service()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
