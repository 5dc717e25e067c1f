package dev.backroom.hub.web;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes the REST table of docs/api.md names: in the first cell of each row, every code span
 * that starts with methods and a path, such as {@code GET/PUT/DELETE /services/{serviceName}} or
 * {@code GET /tasks[?desiredStatus=..]}. Paths are under {@code /api/v1} unless they start with
 * {@code /api/}, {@code /q/}, {@code /login} or {@code /logout}, as the document says above the
 * table. Query strings and optional parts in brackets are dropped, path parameters compared by
 * position ({@link #key}).
 */
final class ApiTable {
  static final String HEADER = "| method and path |";
  private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern ROUTE =
      Pattern.compile("^((?:GET|POST|PUT|DELETE|PATCH|HEAD)(?:/(?:GET|POST|PUT|DELETE|PATCH|HEAD))*)"
          + " (/\\S*)$");

  private ApiTable() {}

  static Set<String> routes(String markdown) {
    int start = markdown.indexOf(HEADER);
    if (start < 0) {
      throw new IllegalStateException("docs/api.md has no table headed '" + HEADER + "'");
    }
    Set<String> out = new TreeSet<>();
    for (String line : markdown.substring(start).lines().skip(2).toList()) {
      if (!line.startsWith("|")) {
        break;
      }
      out.addAll(routesOfCell(line.substring(1).split("(?<!\\\\)\\|", 2)[0]));
    }
    if (out.size() < 20) {
      throw new IllegalStateException("found only " + out.size() + " routes in the table: " + out);
    }
    return out;
  }

  /** The routes one first cell names; an escaped bar is a literal one. */
  static Set<String> routesOfCell(String cell) {
    Set<String> out = new TreeSet<>();
    Matcher span = SPAN.matcher(cell);
    while (span.find()) {
      Matcher route = ROUTE.matcher(span.group(1).replace("\\|", "|").trim());
      if (route.matches()) {
        for (String method : route.group(1).split("/")) {
          out.add(key(method, absolute(path(route.group(2)))));
        }
      }
    }
    return out;
  }

  /** Drops path parameters' insides first (they may hold brackets), then optional and query parts. */
  static String path(String written) {
    String p = written.replaceAll("\\{[^}]*}", "{}");
    int cut = p.length();
    for (char c : new char[] {'[', '?'}) {
      int i = p.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return p.substring(0, cut);
  }

  /** {@code GET /api/v1/tasks/{}}: path parameters are compared by position, not by name. */
  static String key(String method, String template) {
    return method.toUpperCase(java.util.Locale.ROOT) + " "
        + template.replaceAll("\\{[^}]*}", "{}");
  }

  static String absolute(String path) {
    if (path.startsWith("/api/") || path.startsWith("/q/") || path.equals("/login")
        || path.equals("/logout")) {
      return path;
    }
    return "/api/v1" + path;
  }
}
