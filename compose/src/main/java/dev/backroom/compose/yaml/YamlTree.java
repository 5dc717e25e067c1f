package dev.backroom.compose.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML document into {@code Map<String, Object>} (insertion ordered), {@code List},
 * {@code String}, {@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean} and null.
 *
 * <p>SnakeYAML Engine does the parsing and resolves anchors and aliases (its YAML 1.2 core
 * schema). Two things are added on its node tree, because Compose (Go's yaml.v3) has them and
 * Compose files rely on them: merge keys ({@code <<: *base}, explicit keys win, earlier merged
 * maps win over later ones), and duplicate keys are refused rather than the last one winning,
 * since a silently overwritten key changes what the author asked for. Any other tag than the
 * core schema's is refused: Compose's own {@code !reset}/{@code !override} only make sense when
 * merging several files, which this reader does not do.
 */
public final class YamlTree {
  private static final int MAX_DEPTH = 64;
  private static final String MERGE = "<<";

  private YamlTree() {}

  /** The document's root: a mapping for a Compose file, as the caller checks. */
  public static Object read(String text) throws YamlException {
    // the Core schema, as Go's yaml.v3 reads Compose files: ~ and null are null, 0x1F an int;
    // YAML 1.1's yes/no stay strings, so restart: no is the string "no"
    LoadSettings settings = LoadSettings.builder().setLabel("compose file")
        .setSchema(new CoreSchema())
        .setAllowRecursiveKeys(false).setMaxAliasesForCollections(100)
        .setCodePointLimit(4 * 1024 * 1024).build();
    List<Node> docs = new ArrayList<>();
    try {
      new Compose(settings).composeAllFromString(text).forEach(docs::add);
    } catch (YamlEngineException e) {
      throw new YamlException("(file)", "not valid YAML: " + e.getMessage());
    }
    if (docs.size() != 1) {
      throw new YamlException("(file)", docs.isEmpty() ? "the file is empty"
          : "the file holds " + docs.size() + " YAML documents; a Compose file is one");
    }
    return value(docs.get(0), "", 0, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Object value(Node node, String path, int depth, Set<Node> onPath)
      throws YamlException {
    if (depth > MAX_DEPTH) {
      throw new YamlException(pathOf(path), where(path, node) + "nested deeper than " + MAX_DEPTH);
    }
    if (!onPath.add(node)) {
      throw new YamlException(pathOf(path),
          where(path, node) + "an alias refers to a node that contains it");
    }
    try {
      if (node instanceof ScalarNode s) {
        return scalar(s, path);
      }
      if (node instanceof SequenceNode seq) {
        checkTag(node, Tag.SEQ, path);
        List<Object> out = new ArrayList<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
          out.add(value(items.get(i), path + "[" + i + "]", depth + 1, onPath));
        }
        return out;
      }
      checkTag(node, Tag.MAP, path);
      return mapping((MappingNode) node, path, depth, onPath);
    } finally {
      onPath.remove(node);
    }
  }

  private static Map<String, Object> mapping(MappingNode node, String path, int depth,
      Set<Node> onPath) throws YamlException {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Node> merged = new ArrayList<>();
    for (NodeTuple t : node.getValue()) {
      String key = key(t.getKeyNode(), path);
      boolean plain = ((ScalarNode) t.getKeyNode()).getScalarStyle() == ScalarStyle.PLAIN;
      if (MERGE.equals(key) && plain) {
        merged.add(t.getValueNode());
        continue;
      }
      String child = path.isEmpty() ? key : path + "." + key;
      if (out.containsKey(key)) {
        throw new YamlException(child, where(child, t.getKeyNode()) + "duplicate key '" + key
            + "'; YAML allows a key once per mapping (remove one)");
      }
      out.put(key, value(t.getValueNode(), child, depth + 1, onPath));
    }
    for (Node m : merged) {
      List<Node> sources = m instanceof SequenceNode seq ? seq.getValue() : List.of(m);
      for (Node source : sources) {
        if (!(source instanceof MappingNode)) {
          throw new YamlException(pathOf(path + ".<<"),
              where(path + ".<<", source) + "a merge key takes a mapping"
              + " or a list of mappings");
        }
        Object v = value(source, path, depth + 1, onPath);
        for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
          out.putIfAbsent(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  private static String key(Node k, String path) throws YamlException {
    if (!(k instanceof ScalarNode s)) {
      throw new YamlException(pathOf(path), where(path, k) + "mapping keys must be scalars");
    }
    Object v = scalar(s, path);
    if (v == null) {
      throw new YamlException(pathOf(path), where(path, k) + "a mapping key may not be null");
    }
    return s.getValue();
  }

  private static Object scalar(ScalarNode s, String path) throws YamlException {
    Tag tag = s.getTag();
    String v = s.getValue();
    // SnakeYAML Engine resolves a plain scalar shaped like ${VAR:-x} to its !ENV_VARIABLE
    // tag; in a Compose file that is interpolation's business, so it stays a string
    if (tag.equals(Tag.STR) || (tag.equals(Tag.ENV_TAG) && s.isPlain())) {
      return v;
    }
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return Boolean.valueOf(v.toLowerCase());
    }
    if (tag.equals(Tag.INT)) {
      return integer(v, s, path);
    }
    if (tag.equals(Tag.FLOAT)) {
      String f = v.toLowerCase().replace(".inf", "Infinity").replace(".nan", "NaN");
      try {
        return Double.valueOf(f);
      } catch (NumberFormatException e) {
        throw new YamlException(pathOf(path), where(path, s) + "'" + v + "' is not a number");
      }
    }
    throw new YamlException(pathOf(path),
        where(path, s) + "tag " + tag.getValue() + " is not supported");
  }

  private static Object integer(String v, Node n, String path) throws YamlException {
    try {
      String t = v.startsWith("+") ? v.substring(1) : v;
      BigInteger b = t.startsWith("0x") ? new BigInteger(t.substring(2), 16)
          : t.startsWith("0o") ? new BigInteger(t.substring(2), 8) : new BigInteger(t);
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    } catch (NumberFormatException e) {
      throw new YamlException(pathOf(path), where(path, n) + "'" + v + "' is not an integer");
    }
  }

  private static void checkTag(Node n, Tag expected, String path) throws YamlException {
    if (!n.getTag().equals(expected)) {
      throw new YamlException(pathOf(path), where(path, n) + "tag " + n.getTag().getValue()
          + " is not supported");
    }
  }

  private static String pathOf(String path) {
    return path.isEmpty() ? "(file)" : path;
  }

  private static String where(String path, Node n) {
    String line = n.getStartMark().map(Mark::getLine).map(l -> " (line " + (l + 1) + ")")
        .orElse("");
    return (path.isEmpty() ? "document" : path) + line + ": ";
  }
}
