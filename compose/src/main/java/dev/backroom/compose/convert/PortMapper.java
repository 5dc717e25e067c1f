package dev.backroom.compose.convert;

import dev.backroom.config.model.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ports}, short ({@code [IP:][HOST:]CONTAINER[/PROTOCOL]}, each port or a range) and long
 * ({@code target}, {@code published}, {@code host_ip}, {@code protocol}, {@code name},
 * {@code app_protocol}, {@code mode}). A range becomes one mapping per port, as Docker publishes
 * it; a container range without host ports gets a port Docker picks for each.
 */
final class PortMapper {
  /** Enough for real files; a larger range is refused rather than expanded into thousands. */
  static final int MAX_RANGE = 100;
  private static final Pattern SHORT = Pattern.compile(
      "(?:(\\[[0-9A-Fa-f:.]+]|[0-9]{1,3}(?:\\.[0-9]{1,3}){3}):)?" // IP, IPv6 in brackets
          + "(?:([0-9]*(?:-[0-9]+)?):)?" // host port or range, empty for one Docker picks
          + "([0-9]+(?:-[0-9]+)?)(?:/(\\w+))?"); // container port or range, protocol

  private PortMapper() {}

  static List<PortMapping> map(Fields f) {
    Object v = f.take("ports");
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      f.refuse(f.at("ports"), "must be a list");
      return null;
    }
    List<PortMapping> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String p = f.at("ports") + "[" + i + "]";
      Object o = list.get(i);
      if (o instanceof String || o instanceof Long) {
        shortSyntax(f, p, String.valueOf(o), out);
      } else {
        longSyntax(f, p, o, out);
      }
    }
    return out;
  }

  private static void shortSyntax(Fields f, String p, String s, List<PortMapping> out) {
    Matcher m = SHORT.matcher(s);
    if (!m.matches()) {
      f.refuse(p, "'" + s + "' is not [IP:][HOST:]CONTAINER[/PROTOCOL]");
      return;
    }
    String ip = m.group(1) == null ? null : m.group(1).replaceAll("^\\[(.*)]$", "$1");
    String host = m.group(2) == null || m.group(2).isEmpty() ? null : m.group(2);
    add(f, p, ip, host, m.group(3), m.group(4), null, null, out);
  }

  private static void longSyntax(Fields f, String p, Object o, List<PortMapping> out) {
    Fields l = Fields.of(f.service(), p, o, f.problems());
    if (l == null) {
      return;
    }
    Integer target = l.integer("target", 1, 65535);
    if (target == null && !l.has("target")) {
      l.refuse(l.at("target"), "is required");
    }
    String published = l.string("published");
    String ip = l.string("host_ip");
    String protocol = l.string("protocol");
    String name = l.string("name");
    String app = l.string("app_protocol");
    String mode = l.string("mode");
    if (mode != null && !mode.equals("host") && !mode.equals("ingress")) {
      l.refuse(l.at("mode"), "must be host or ingress");
    }
    l.refuseUnread(Map.of(), "a port key");
    if (target != null) {
      add(f, p, ip, published == null || published.isEmpty() ? null : published,
          String.valueOf(target), protocol, name, app, out);
    }
  }

  private static void add(Fields f, String p, String ip, String host, String container,
      String protocol, String name, String app, List<PortMapping> out) {
    int[] c = range(container);
    int[] h = host == null ? null : range(host);
    if (c == null || (host != null && h == null)) {
      f.refuse(p, "ports must be 1-65535, a range low-high");
      return;
    }
    int n = c[1] - c[0] + 1;
    if (n > MAX_RANGE) {
      f.refuse(p, "a range of " + n + " ports; at most " + MAX_RANGE + " per entry");
      return;
    }
    if (h != null && h[1] - h[0] + 1 != n) {
      f.refuse(p, "the host range and the container range must be the same length");
      return;
    }
    if (protocol != null && !protocol.equals("tcp") && !protocol.equals("udp")) {
      f.refuse(p, "protocol must be tcp or udp");
      return;
    }
    for (int k = 0; k < n; k++) {
      Integer hostPort = h == null ? null : h[0] + k;
      out.add(new PortMapping(c[0] + k, hostPort, protocol, ip, n == 1 ? name : null,
          n == 1 ? app : null, null));
    }
  }

  private static int[] range(String s) {
    String[] parts = s.split("-", -1);
    try {
      int lo = Integer.parseInt(parts[0]);
      int hi = parts.length > 1 ? Integer.parseInt(parts[1]) : lo;
      if (parts.length > 2 || lo < 1 || hi > 65535 || hi < lo) {
        return null;
      }
      return new int[] {lo, hi};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
