package dev.backroom.sync.selector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which stores a desired object is for: comma-separated terms that must all hold, {@code k=v},
 * {@code k!=v}, {@code k in (a|b)} or {@code k}. The empty selector matches every store.
 *
 * <p>{@link #toString()} is canonical (terms sorted, joined by commas), so two spellings of the same
 * selector are equal and name the same desired object.
 */
public final class LabelSelector {
  /** The implicit label every store carries; a selector on it makes an object per-store. */
  public static final String STORE_ID = "store.id";

  private static final String KEY = "[A-Za-z0-9][A-Za-z0-9._/-]{0,127}";
  private static final String VALUE = "[A-Za-z0-9._:-]{1,128}";
  private static final Pattern EQ = Pattern.compile("(" + KEY + ")\\s*(!=|=)\\s*(" + VALUE + ")");
  private static final Pattern IN = Pattern.compile(
      "(" + KEY + ")\\s+in\\s*\\(\\s*(" + VALUE + "(?:\\s*\\|\\s*" + VALUE + ")*)\\s*\\)");
  private static final Pattern EXISTS = Pattern.compile(KEY);
  private static final Pattern VALID_KEY = Pattern.compile(KEY);
  private static final Pattern VALID_VALUE = Pattern.compile(VALUE);

  private static final LabelSelector ALL = new LabelSelector(List.of());

  private final List<SelectorTerm> terms;

  private LabelSelector(List<SelectorTerm> terms) {
    this.terms = List.copyOf(terms);
  }

  public static LabelSelector all() {
    return ALL;
  }

  /** The selector of a per-store object. */
  public static LabelSelector forStore(String storeId) {
    return new LabelSelector(List.of(new SelectorTerm.Equals(STORE_ID, storeId)));
  }

  /**
   * Parses {@code text}; null or blank is {@link #all()}.
   *
   * @throws SelectorSyntaxException naming the first term that does not parse
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    List<SelectorTerm> terms = new ArrayList<>();
    for (String raw : splitTerms(text)) {
      String t = raw.strip();
      if (t.isEmpty()) {
        throw new SelectorSyntaxException(text, "has an empty term");
      }
      terms.add(term(text, t));
    }
    terms.sort(Comparator.comparing(SelectorTerm::key).thenComparing(Object::toString));
    return new LabelSelector(terms);
  }

  /** Commas inside {@code in (...)} never occur (values are joined by '|'), so a plain split is exact. */
  private static String[] splitTerms(String text) {
    return text.split(",", -1);
  }

  private static SelectorTerm term(String text, String t) {
    Matcher m = IN.matcher(t);
    if (m.matches()) {
      List<String> values = new ArrayList<>();
      for (String v : m.group(2).split("\\|")) {
        values.add(v.strip());
      }
      return new SelectorTerm.In(m.group(1), values.stream().distinct().sorted().toList());
    }
    m = EQ.matcher(t);
    if (m.matches()) {
      return m.group(2).equals("=")
          ? new SelectorTerm.Equals(m.group(1), m.group(3))
          : new SelectorTerm.NotEquals(m.group(1), m.group(3));
    }
    if (EXISTS.matcher(t).matches()) {
      return new SelectorTerm.Exists(t);
    }
    throw new SelectorSyntaxException(text, "term '" + t + "' is not k=v, k!=v, k in (a|b) or k"
        + " (keys: letters, digits, '.', '_', '/', '-'; values: letters, digits, '.', '_', ':', '-')");
  }

  public List<SelectorTerm> terms() {
    return terms;
  }

  /** Whether a store with {@code labels} (including its implicit {@link #STORE_ID}) is selected. */
  public boolean matches(Map<String, String> labels) {
    for (SelectorTerm t : terms) {
      if (!t.test(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The store this selector pins to with {@code store.id=...}, if it does. */
  public Optional<String> storeId() {
    return terms.stream()
        .filter(t -> t instanceof SelectorTerm.Equals e && e.key().equals(STORE_ID))
        .map(t -> ((SelectorTerm.Equals) t).value())
        .findFirst();
  }

  /** Whether the selector names {@code store.id} at all; such objects win over broad ones. */
  public boolean isStoreSpecific() {
    return terms.stream().anyMatch(t -> t.key().equals(STORE_ID));
  }

  /** A store's labels plus its implicit {@code store.id}, which always wins over a given one. */
  public static Map<String, String> withImplicit(String storeId, Map<String, String> labels) {
    TreeMap<String, String> all = new TreeMap<>(labels == null ? Map.of() : labels);
    all.put(STORE_ID, storeId);
    return all;
  }

  /**
   * Every problem with a store's own labels, as {@code labels.<key>: reason}; {@code store.id} is
   * reserved because the cloud sets it.
   */
  public static List<String> labelProblems(Map<String, String> labels) {
    List<String> out = new ArrayList<>();
    if (labels == null) {
      return out;
    }
    new TreeMap<>(labels).forEach((k, v) -> {
      if (k == null || !VALID_KEY.matcher(k).matches()) {
        out.add("labels." + k + ": key must be letters, digits, '.', '_', '/' or '-' (at most 128)");
      } else if (k.equals(STORE_ID)) {
        out.add("labels." + k + ": is reserved, the cloud sets it to the store id");
      } else if (v == null || !VALID_VALUE.matcher(v).matches()) {
        out.add("labels." + k + ": value must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
      }
    });
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector s && s.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }

  @Override
  public String toString() {
    return String.join(",", terms.stream().map(Object::toString).toList());
  }
}
