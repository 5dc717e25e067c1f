package dev.backroom.hub.auth;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every JAX-RS resource method of the hub, found by scanning target/classes, so that a resource
 * added later is covered by the auth tests without anyone remembering to list it.
 */
public final class Routes {
  static final String PUBLIC = "public";
  static final String AUTHENTICATED = "authenticated";
  static final String UNGUARDED = "unguarded";

  /** {@code guard}: a role, {@link #AUTHENTICATED}, {@link #PUBLIC} or {@link #UNGUARDED}. */
  public record Route(String method, String template, String guard, String javaName,
      Method javaMethod) {
    /** The path with every parameter set to {@code x}: an id that exists nowhere. */
    public String path() {
      return template.replaceAll("\\{[^}]+}", "x");
    }

    public boolean mutating() {
      return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    @Override
    public String toString() {
      return method + " " + template + " (" + guard + ")";
    }
  }

  private Routes() {}

  public static List<Route> all() {
    java.nio.file.Path root = java.nio.file.Path.of("target", "classes");
    List<Route> out = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.contains("$")) {
          continue;
        }
        Class<?> c;
        try {
          c = Class.forName(name, false, Routes.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        Path classPath = c.getAnnotation(Path.class);
        if (classPath != null) {
          routes(c, classPath.value(), out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(Route::template).thenComparing(Route::method));
    if (out.size() < 20) {
      throw new IllegalStateException("found only " + out.size() + " routes under " + root);
    }
    return out;
  }

  private static void routes(Class<?> c, String base, List<Route> out) {
    for (Method m : c.getDeclaredMethods()) {
      String verb = null;
      for (Annotation a : m.getAnnotations()) {
        HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
        if (hm != null) {
          verb = hm.value();
        }
      }
      if (verb == null) {
        continue;
      }
      Path sub = m.getAnnotation(Path.class);
      String template = sub == null ? base : join(base, sub.value());
      out.add(new Route(verb, template, guard(m, c), c.getSimpleName() + "." + m.getName(), m));
    }
  }

  private static String join(String a, String b) {
    return a.replaceAll("/$", "") + "/" + b.replaceAll("^/", "");
  }

  /** The method's own annotation wins over its class's, as in Quarkus. */
  private static String guard(Method m, Class<?> c) {
    String own = guard(m.getAnnotation(RolesAllowed.class), m.isAnnotationPresent(PermitAll.class),
        m.isAnnotationPresent(Authenticated.class));
    return own != null ? own : java.util.Objects.requireNonNullElse(
        guard(c.getAnnotation(RolesAllowed.class), c.isAnnotationPresent(PermitAll.class),
            c.isAnnotationPresent(Authenticated.class)), UNGUARDED);
  }

  private static String guard(RolesAllowed roles, boolean permitAll, boolean authenticated) {
    if (roles != null) {
      if (roles.value().length != 1) {
        throw new IllegalStateException("name one role, the weakest allowed: "
            + List.of(roles.value()));
      }
      return roles.value()[0];
    }
    return permitAll ? PUBLIC : authenticated ? AUTHENTICATED : null;
  }
}
