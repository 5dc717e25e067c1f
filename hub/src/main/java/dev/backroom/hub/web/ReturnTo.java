package dev.backroom.hub.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a browser goes after signing in: the page it asked for before the login form. The
 * target travels in the login form as {@code next}, so it is caller input: only a path on this
 * hub is followed (one leading "/", no "//" or backslash that a browser reads as another host,
 * no scheme, no control characters); anything else falls back to the overview, so the login
 * form cannot be made an open redirect.
 */
public final class ReturnTo {
  static final String HOME = "/";
  static final int MAX_LENGTH = 2048;

  private ReturnTo() {}

  /** The login form's address for a browser refused {@code method uri} (path and query). */
  public static String loginFor(String method, String uri) {
    // Only a GET can be replayed by a redirect; the overview needs no target.
    if (!"GET".equals(method) || uri == null || HOME.equals(uri) || !isLocal(uri)) {
      return "/login";
    }
    return "/login?next=" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }

  /** {@code next} if it is a local path, else the overview. */
  public static String target(String next) {
    return isLocal(next) ? next : HOME;
  }

  public static boolean isLocal(String next) {
    if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || next.charAt(0) != '/'
        || next.startsWith("//") || next.startsWith("/login")) {
      return false;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      // a backslash is a slash to browsers ("/\evil.example"); controls and spaces are trimmed
      // or split by some of them, so "/\t/evil.example" could become "//evil.example"
      if (c == '\\' || c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    try {
      // the redirect's Location must be a valid URI reference, else it would be a 500
      return URI.create(next).getRawAuthority() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
