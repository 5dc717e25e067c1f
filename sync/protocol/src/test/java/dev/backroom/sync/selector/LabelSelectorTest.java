package dev.backroom.sync.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {
  record Parse(String text, String canonical) {}

  static Stream<Parse> valid() {
    return Stream.of(
        new Parse(null, ""),
        new Parse("  ", ""),
        new Parse("region=eu", "region=eu"),
        new Parse("region=eu,format!=mini", "format!=mini,region=eu"),
        new Parse(" region = eu , gpu ", "gpu,region=eu"),
        new Parse("tier in (b|a| a)", "tier in (a|b)"),
        new Parse("store.id=S1", "store.id=S1"),
        new Parse("topology.k8s.io/zone=z:1", "topology.k8s.io/zone=z:1"));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validSelector_parsesToItsCanonicalForm(Parse c) {
    LabelSelector s = LabelSelector.parse(c.text());
    assertEquals(c.canonical(), s.toString());
    assertEquals(s, LabelSelector.parse(s.toString()));
  }

  record Bad(String text, String reasonPart) {}

  static Stream<Bad> invalid() {
    return Stream.of(
        new Bad("region=eu,", "empty term"),
        new Bad(",region=eu", "empty term"),
        new Bad("region==eu", "'region==eu'"),
        new Bad("region=", "'region='"),
        new Bad("=eu", "'=eu'"),
        new Bad("tier in ()", "'tier in ()'"),
        new Bad("tier in (a,b)", "'tier in (a'"),
        new Bad("tier in a|b", "'tier in a|b'"),
        new Bad("re gion=eu", "'re gion=eu'"),
        new Bad("region=e u", "'region=e u'"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidSelector_isRefusedNamingTheTerm(Bad c) {
    SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class,
        () -> LabelSelector.parse(c.text()));
    assertTrue(e.getMessage().contains(c.reasonPart()), e.getMessage());
  }

  record Match(String selector, Map<String, String> labels, boolean matches) {}

  static Stream<Match> matching() {
    Map<String, String> eu = Map.of("region", "eu", "format", "mini", "store.id", "S1");
    return Stream.of(
        new Match("", Map.of(), true),
        new Match("region=eu", eu, true),
        new Match("region=us", eu, false),
        new Match("region=eu,format!=mini", eu, false),
        new Match("region=eu,format!=maxi", eu, true),
        new Match("absent!=x", eu, true),
        new Match("format in (maxi|mini)", eu, true),
        new Match("format in (maxi)", eu, false),
        new Match("absent in (x)", eu, false),
        new Match("format", eu, true),
        new Match("gpu", eu, false),
        new Match("store.id=S1", eu, true),
        new Match("store.id=S2", eu, false));
  }

  @ParameterizedTest
  @MethodSource("matching")
  void selector_matchesOnlyWhenEveryTermHolds(Match c) {
    assertEquals(c.matches(), LabelSelector.parse(c.selector()).matches(c.labels()),
        c.selector() + " on " + c.labels());
  }

  @Test
  void storeSpecificSelector_namesItsStore() {
    assertEquals(Optional.of("S1"), LabelSelector.parse("region=eu,store.id=S1").storeId());
    assertTrue(LabelSelector.forStore("S9").isStoreSpecific());
    assertEquals(Optional.empty(), LabelSelector.parse("region=eu").storeId());
    assertEquals(false, LabelSelector.parse("region=eu").isStoreSpecific());
  }

  @Test
  void implicitStoreId_overridesAGivenOne() {
    assertEquals(Map.of("store.id", "S1", "a", "b"),
        LabelSelector.withImplicit("S1", Map.of("store.id", "S2", "a", "b")));
  }

  @Test
  void labelProblems_nameEachBadLabel() {
    assertEquals(List.of(
            "labels.bad key: key must be letters, digits, '.', '_', '/' or '-' (at most 128)",
            "labels.empty: value must be 1 to 128 letters, digits, '.', '_', ':' or '-'",
            "labels.store.id: is reserved, the cloud sets it to the store id"),
        LabelSelector.labelProblems(Map.of("bad key", "x", "empty", "", "store.id", "S1",
            "region", "eu")));
  }
}
