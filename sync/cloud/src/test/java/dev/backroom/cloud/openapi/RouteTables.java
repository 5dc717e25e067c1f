package dev.backroom.cloud.openapi;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes the tables of docs/sync-protocol.md headed {@value #HEADER} name: in the first cell
 * of each row, every code span that is a method and an absolute path, such as
 * {@code GET /api/v1/stores/{id}} or {@code GET /api/v1/audit?after=&limit=}. Query strings and
 * optional parts in brackets are dropped. A written path may name a literal where the code has
 * a parameter ({@code PUT /api/v1/desired/services/{name}} for {@code {kind}/{name}}):
 * {@link #covers} compares segment by segment.
 */
final class RouteTables {
  static final String HEADER = "| method, path |";
  private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern ROUTE =
      Pattern.compile("^(GET|POST|PUT|DELETE|PATCH|HEAD) (/\\S*)$");

  private RouteTables() {}

  /** Every route of every such table, as {@code METHOD /path/{}} keys. */
  static Set<String> routes(String markdown) {
    Set<String> out = new TreeSet<>();
    int tables = 0;
    for (int start = markdown.indexOf(HEADER); start >= 0;
        start = markdown.indexOf(HEADER, start + 1)) {
      tables++;
      for (String line : markdown.substring(start).lines().skip(2).toList()) {
        if (!line.startsWith("|")) {
          break;
        }
        out.addAll(routesOfCell(line.substring(1).split("(?<!\\\\)\\|", 2)[0]));
      }
    }
    if (tables < 2 || out.size() < 20) {
      throw new IllegalStateException("found " + tables + " tables headed '" + HEADER
          + "' naming " + out.size() + " routes: " + out);
    }
    return out;
  }

  static Set<String> routesOfCell(String cell) {
    Set<String> out = new TreeSet<>();
    Matcher span = SPAN.matcher(cell);
    while (span.find()) {
      // a parameter's inside may hold spaces ({task-definitions or services}) or brackets
      Matcher route = ROUTE.matcher(span.group(1).replace("\\|", "|")
          .replaceAll("\\{[^}]*}", "{}").trim());
      if (route.matches()) {
        out.add(CloudRoutes.Route.key(route.group(1), path(route.group(2))));
      }
    }
    return out;
  }

  /** Drops optional and query parts. */
  static String path(String p) {
    int cut = p.length();
    for (char c : new char[] {'[', '?'}) {
      int i = p.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return p.substring(0, cut);
  }

  /** Whether the written key names the served one: same method, segments equal or parameters. */
  static boolean covers(String written, String served) {
    String[] w = written.split("[ /]", -1);
    String[] s = served.split("[ /]", -1);
    if (w.length != s.length) {
      return false;
    }
    for (int i = 0; i < w.length; i++) {
      if (!w[i].equals(s[i]) && !s[i].equals("{}")) {
        return false;
      }
    }
    return true;
  }
}
