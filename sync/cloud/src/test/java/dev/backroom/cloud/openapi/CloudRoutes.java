package dev.backroom.cloud.openapi;

import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.auth.StoreAuthenticated;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every JAX-RS resource method of the cloud, found by scanning target/classes (so a resource
 * added later is covered without anyone listing it), with the credential its name binding
 * demands: {@link AuthSchemes#ADMIN} for {@link AdminOnly}, {@link AuthSchemes#STORE} for
 * {@link StoreAuthenticated}, {@link #PUBLIC} for neither.
 */
final class CloudRoutes {
  static final String PUBLIC = "public";

  record Route(String method, String template, String guard, String javaName) {
    /** {@code GET /api/v1/stores/{}}: path parameters are compared by position, not by name. */
    String key() {
      return key(method, template);
    }

    static String key(String method, String template) {
      return method.toUpperCase(Locale.ROOT) + " " + template.replaceAll("\\{[^}]*}", "{}");
    }
  }

  private CloudRoutes() {}

  static List<Route> all() {
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
          c = Class.forName(name, false, CloudRoutes.class.getClassLoader());
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
      String template = sub == null ? base
          : base.replaceAll("/$", "") + "/" + sub.value().replaceAll("^/", "");
      out.add(new Route(verb, template, guard(m, c), c.getSimpleName() + "." + m.getName()));
    }
  }

  /** Name bindings apply from the class and from the method alike. */
  private static String guard(Method m, Class<?> c) {
    boolean admin = bound(AdminOnly.class, m, c);
    boolean store = bound(StoreAuthenticated.class, m, c);
    if (admin && store) {
      throw new IllegalStateException(c.getSimpleName() + "." + m.getName()
          + " is bound to both the admin and the store filter: no credential passes both");
    }
    return admin ? AuthSchemes.ADMIN : store ? AuthSchemes.STORE : PUBLIC;
  }

  private static boolean bound(Class<? extends Annotation> binding, AnnotatedElement... on) {
    return Stream.of(on).anyMatch(e -> e.isAnnotationPresent(binding));
  }
}
