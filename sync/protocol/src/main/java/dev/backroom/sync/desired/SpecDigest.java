package dev.backroom.sync.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.sync.wire.SyncJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash both ends compare to decide whether a spec changed. It is taken over a canonical form
 * (object keys sorted, null fields dropped) so the hub, which serialises its records without
 * nulls, and the cloud, which keeps the operator's JSON, agree on equal specs.
 */
public final class SpecDigest {
  private SpecDigest() {}

  /** Lower-case hex sha256 of the canonical JSON; a null spec hashes like JSON null. */
  public static String of(JsonNode spec) {
    byte[] canonical = SyncJson.write(canonical(spec == null ? JsonNodeFactory.instance.nullNode() : spec));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The hash of an object's spec together with its forced-redeploy count: the spec's own hash
   * when the count is 0 (so objects never redeployed keep the hash they always had), else the
   * hash of {@code {"redeploys": n, "spec": spec}}.
   */
  public static String of(JsonNode spec, int redeploys) {
    if (redeploys == 0) {
      return of(spec);
    }
    ObjectNode salted = JsonNodeFactory.instance.objectNode();
    salted.put("redeploys", redeploys);
    salted.set("spec", spec == null ? JsonNodeFactory.instance.nullNode() : spec);
    return of(salted);
  }

  /** The canonical copy of {@code node}: sorted keys, no null fields, arrays in their order. */
  public static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      for (String n : names) {
        JsonNode v = node.get(n);
        if (!v.isNull() && !v.isMissingNode()) {
          out.set(n, canonical(v));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(canonical(e)));
      return out;
    }
    return node;
  }
}
