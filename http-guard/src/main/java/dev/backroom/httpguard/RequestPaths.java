package dev.backroom.httpguard;

import java.util.Optional;

/**
 * Decides, from the raw request target exactly as the client sent it, whether its path is plain
 * enough to route. Quarkus 3.33.2's path-based HTTP permissions can be bypassed by paths that
 * its matcher and Vert.x's normalisation read differently: {@code ;} parameters (raw or
 * {@code %3B}), encoded slashes ({@code %2F}), backslashes (raw or {@code %5C}) and dot segments
 * (raw or percent-encoded). No Backroom route needs any of them, so a path holding one is refused
 * outright instead of being normalised into something a policy did not see.
 *
 * <p>Pure: no I/O. The query string is not screened; only the path is routed and authorised.
 */
public final class RequestPaths {
  private RequestPaths() {}

  /**
   * Why {@code target} (the request line's target, query included) is refused, or empty if its
   * path may be routed. Accepts origin-form ({@code /a/b?q}) and absolute-form
   * ({@code http://host/a/b}); anything else (for example {@code *}) is refused.
   */
  public static Optional<String> refusal(String target) {
    if (target == null || target.isEmpty()) {
      return Optional.of("the request has no path");
    }
    int hash = target.indexOf('#');
    int query = target.indexOf('?');
    if (hash >= 0 && (query < 0 || hash < query)) {
      // Clients never send a fragment, and Vert.x routes what follows a '#' as path (it cuts at
      // '?' only): "/x#/../../q/metrics" would be normalised to /q/metrics behind this guard.
      return Optional.of("the path has a '#' (a fragment is never sent to a server)");
    }
    String path = pathOf(target);
    if (path == null) {
      return Optional.of("the request target is neither an absolute path nor an absolute URI");
    }
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String why = segmentRefusal(path, start, end);
      if (why != null) {
        return Optional.of(why);
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  /** The path of an origin-form or absolute-form target, or null for any other form. */
  static String pathOf(String target) {
    String path;
    if (target.startsWith("/")) {
      path = target;
    } else {
      int scheme = target.indexOf("://");
      if (scheme <= 0 || !target.substring(0, scheme).chars().allMatch(Character::isLetter)) {
        return null;
      }
      int slash = target.indexOf('/', scheme + 3);
      int query = firstOf(target, scheme + 3);
      if (slash < 0 || (query >= 0 && query < slash)) {
        return "/";
      }
      path = target.substring(slash);
    }
    int end = firstOf(path, 0);
    return end < 0 ? path : path.substring(0, end);
  }

  /** Where the query starts, as Vert.x cuts it (a '#' before it was refused already). */
  private static int firstOf(String s, int from) {
    return s.indexOf('?', from);
  }

  /** Screens path[start, end), one segment between slashes, raw and once percent-decoded. */
  private static String segmentRefusal(String path, int start, int end) {
    StringBuilder decoded = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= end || hex(path.charAt(i + 1)) < 0
            || hex(path.charAt(i + 2)) < 0) {
          return "the path has a malformed percent-encoding";
        }
        char d = (char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)));
        switch (d) {
          case '/': return "the path has an encoded slash (%2F)";
          case '\\': return "the path has an encoded backslash (%5C)";
          case ';': return "the path has an encoded ';' (%3B)";
          case '%': return "the path is percent-encoded twice (%25)";
          default: break;
        }
        if (d < 0x20 || d == 0x7f) {
          return "the path has an encoded control character";
        }
        decoded.append(d);
        i += 2;
        continue;
      }
      if (c == ';') {
        return "the path has a ';' (path parameters are not accepted)";
      }
      if (c == '\\') {
        return "the path has a backslash";
      }
      if (c < 0x20 || c == 0x7f) {
        return "the path has a control character";
      }
      decoded.append(c);
    }
    String s = decoded.toString();
    if (s.equals(".") || s.equals("..")) {
      return "the path has a dot segment ('.' or '..', raw or percent-encoded)";
    }
    return null;
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
