package dev.backroom.compose.convert;

import dev.backroom.compose.interpolate.DotEnv;
import dev.backroom.compose.interpolate.InterpolationException;
import dev.backroom.config.model.KeyValuePair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code env_file} and {@code environment} into the container's {@code environment}. The files
 * are read from the caller's map and inlined, because ECS's {@code environmentFiles} name files
 * on the device, which a Compose file's {@code ./web.env} is not. Later files win over earlier
 * ones and {@code environment} over all files, as in Compose; an entry without a value takes the
 * caller's variable and is left unset when there is none, as in Compose.
 */
final class EnvironmentMapper {
  private EnvironmentMapper() {}

  static List<KeyValuePair> map(Fields f, Context ctx) {
    Map<String, String> env = new LinkedHashMap<>();
    Object files = f.take("env_file");
    if (files != null) {
      List<?> list = files instanceof List<?> l ? l : List.of(files);
      for (int i = 0; i < list.size(); i++) {
        String path = f.at("env_file") + (files instanceof List ? "[" + i + "]" : "");
        readFile(f, path, list.get(i), ctx, env);
      }
    }
    Map<String, String> given = f.dictionary("environment", '=');
    if (given != null) {
      given.forEach((k, v) -> {
        String value = v != null ? v : ctx.variables().apply(k);
        if (value != null) {
          env.remove(k); // keep Compose's order: the overriding entry where it is written
          env.put(k, value);
        }
      });
    }
    if (files == null && given == null) {
      return null;
    }
    List<KeyValuePair> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(new KeyValuePair(k, v)));
    return out;
  }

  private static void readFile(Fields f, String path, Object entry, Context ctx,
      Map<String, String> env) {
    String name;
    boolean required = true;
    if (entry instanceof String s) {
      name = s;
    } else {
      Fields e = Fields.of(f.service(), path, entry, f.problems());
      if (e == null) {
        return;
      }
      name = e.string("path");
      Boolean req = e.bool("required");
      required = req == null || req;
      String format = e.string("format");
      if (format != null) {
        e.refuse(e.at("format"), "only Compose's own env file format is read; remove format");
      }
      e.refuseUnread(Map.of(), "an env_file key");
      if (name == null) {
        e.refuse(e.at("path"), "is required");
        return;
      }
    }
    String content = ctx.files().get(name);
    if (content == null) {
      if (required) {
        f.refuse(path, "env file '" + name + "' was not given with the Compose file; pass it"
            + " along (or mark it required: false)");
      }
      return;
    }
    try {
      env.putAll(DotEnv.parse(content, ctx.variables()));
    } catch (InterpolationException e) {
      f.refuse(path, "env file '" + name + "': " + e.getMessage());
    }
  }
}
