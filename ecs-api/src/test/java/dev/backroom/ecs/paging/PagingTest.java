package dev.backroom.ecs.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.wire.EcsError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PagingTest {

    static final List<String> ITEMS = List.of("e", "a", "d", "b", "c");

    record Case(String name, Integer maxResults, int defaultMax, List<List<String>> pages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("two per page", 2, 100, List.of(List.of("a", "b"), List.of("c", "d"), List.of("e"))),
                new Case("exact fit: no token with the last page", 5, 100, List.of(List.of("a", "b", "c", "d", "e"))),
                new Case("default size", null, 100, List.of(List.of("a", "b", "c", "d", "e"))),
                new Case("operation's own default (ListServices: 10)", null, 3,
                        List.of(List.of("a", "b", "c"), List.of("d", "e"))),
                new Case("one per page", 1, 100,
                        List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e"))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void walksEveryPage(Case c) {
        assertEquals(c.pages(), walk(ITEMS, c.maxResults(), c.defaultMax()));
    }

    static List<List<String>> walk(List<String> items, Integer maxResults, int defaultMax) {
        List<List<String>> pages = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        Optional<String> token = Optional.empty();
        do {
            Paging.Page<String> page = Paging.page(items, Function.identity(),
                    maxResults == null ? OptionalInt.empty() : OptionalInt.of(maxResults), token, defaultMax);
            pages.add(page.items());
            token = page.nextToken();
            token.ifPresent(t -> assertTrue(tokens.add(t), "token repeated: " + t));
        } while (token.isPresent());
        return pages;
    }

    @Test
    void emptyListing_isOnePageWithoutToken() {
        Paging.Page<String> page = Paging.page(List.of(), Function.identity(), OptionalInt.empty(), Optional.empty(), 100);
        assertEquals(new Paging.Page<String>(List.of(), Optional.empty()), page);
    }

    /** Verifies that an item added or removed between pages neither repeats another nor hides one that stays. */
    @Test
    void listingChangingBetweenPages_neitherRepeatsNorSkipsStableItems() {
        Paging.Page<String> first = Paging.page(ITEMS, Function.identity(), OptionalInt.of(2), Optional.empty(), 100);
        List<String> changed = List.of("a", "bb", "d", "e", "aa");   // b and c gone; aa, bb new

        Paging.Page<String> second = Paging.page(changed, Function.identity(), OptionalInt.of(2), first.nextToken(), 100);

        assertEquals(List.of("a", "b"), first.items());
        assertEquals(List.of("bb", "d"), second.items());
    }

    record Refusal(Integer maxResults, String token, String message) {
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal(0, null, "maxResults must be between 1 and 100, got 0."),
                new Refusal(101, null, "maxResults must be between 1 and 100, got 101."),
                new Refusal(-1, null, "maxResults must be between 1 and 100"),
                new Refusal(null, "not base64!", "Invalid nextToken"),
                new Refusal(null, "djE6Yh", "Invalid nextToken"),                 // "v1:b", non-canonical bits
                new Refusal(null, "djE6_w", "Invalid nextToken"),                 // "v1:" + invalid UTF-8
                new Refusal(null, "djI6Yg", "Invalid nextToken"),          // "v2:b"
                new Refusal(null, "x".repeat(5000), "Invalid nextToken"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesOutOfRangeSizesAndForeignTokens(Refusal c) {
        EcsError error = assertThrows(EcsError.class, () -> Paging.page(ITEMS, Function.identity(),
                c.maxResults() == null ? OptionalInt.empty() : OptionalInt.of(c.maxResults()),
                Optional.ofNullable(c.token()), 100));
        assertEquals("InvalidParameterException", error.shape());
        assertTrue(error.getMessage().startsWith(c.message()), error.getMessage());
    }

    @Test
    void duplicateKeys_areACallersBug() {
        assertThrows(IllegalArgumentException.class, () -> Paging.page(List.of("a", "b", "a"), Function.identity(),
                OptionalInt.of(1), Optional.empty(), 100));
    }

    /** Property: for any listing and size, the walk returns every item once, in key order, tokens never repeating. */
    @ParameterizedTest
    @MethodSource("seeds")
    void walk_returnsEveryItemOnceInOrder(long seed) {
        Random random = new Random(seed);
        Set<String> keys = new HashSet<>();
        IntStream.range(0, random.nextInt(250)).forEach(i -> keys.add(Long.toString(random.nextLong(), 36)));
        List<String> items = new ArrayList<>(keys);
        int size = 1 + random.nextInt(100);

        List<String> walked = walk(items, size, 100).stream().flatMap(List::stream).toList();

        assertEquals(items.stream().sorted().toList(), walked);
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 30).mapToObj(i -> 7000L + i);
    }
}
