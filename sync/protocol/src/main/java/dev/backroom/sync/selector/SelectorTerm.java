package dev.backroom.sync.selector;

import java.util.List;
import java.util.Map;

/** One term of a {@link LabelSelector}; all terms of a selector must hold. */
public sealed interface SelectorTerm {
  String key();

  boolean test(Map<String, String> labels);

  /** {@code k=v}. */
  record Equals(String key, String value) implements SelectorTerm {
    public boolean test(Map<String, String> labels) {
      return value.equals(labels.get(key));
    }

    @Override
    public String toString() {
      return key + "=" + value;
    }
  }

  /** {@code k!=v}; holds when the label is absent too, as in Kubernetes. */
  record NotEquals(String key, String value) implements SelectorTerm {
    public boolean test(Map<String, String> labels) {
      return !value.equals(labels.get(key));
    }

    @Override
    public String toString() {
      return key + "!=" + value;
    }
  }

  /** {@code k in (a|b)}. */
  record In(String key, List<String> values) implements SelectorTerm {
    public In {
      values = List.copyOf(values);
    }

    public boolean test(Map<String, String> labels) {
      String v = labels.get(key);
      return v != null && values.contains(v);
    }

    @Override
    public String toString() {
      return key + " in (" + String.join("|", values) + ")";
    }
  }

  /** {@code k}: the label is present, whatever its value. */
  record Exists(String key) implements SelectorTerm {
    public boolean test(Map<String, String> labels) {
      return labels.containsKey(key);
    }

    @Override
    public String toString() {
      return key;
    }
  }
}
