package dev.backroom.ecs.paging;

import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * {@code nextToken}/{@code maxResults} paging of the List* operations over items with a unique,
 * stable string key (an ARN, a name).
 *
 * <p>The token is opaque to clients and names the last key served; the next page starts after it.
 * A cursor on the key, not an offset, so an item added or removed between pages neither repeats
 * nor hides another, and every token of one listing names a strictly greater key than the one
 * before: a token never repeats, which the CLI would abort on ("The same next token was received
 * twice"). No token comes with the last page, so a client never fetches an empty page to learn the
 * end.
 */
public final class Paging {

    public static final int MAX_RESULTS = 100;
    private static final String VERSION = "v1:";
    private static final int MAX_TOKEN_CHARS = 4096;

    private Paging() {
    }

    /** One page: its items in key order, and the token for the next one when more follow. */
    public record Page<T>(List<T> items, Optional<String> nextToken) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** Reads {@code maxResults} and {@code nextToken} from the request; see {@link #page(Collection,
     * Function, OptionalInt, Optional, int)}. */
    public static <T> Page<T> page(Collection<T> items, Function<T, String> key, EcsRequest request,
            int defaultMaxResults) {
        return page(items, key, request.integer("maxResults"), request.string("nextToken"), defaultMaxResults);
    }

    /**
     * @param items every item of the listing, in any order; keys must be unique
     * @param defaultMaxResults the operation's default page size (ECS: 100, ListServices 10)
     * @throws EcsError InvalidParameterException for maxResults outside 1..100 or a token this class
     *     did not issue
     * @throws IllegalArgumentException for two items with one key (a caller's bug)
     */
    public static <T> Page<T> page(Collection<T> items, Function<T, String> key, OptionalInt maxResults,
            Optional<String> nextToken, int defaultMaxResults) {
        int size = maxResults.orElse(defaultMaxResults);
        if (size < 1 || size > MAX_RESULTS) {
            throw EcsError.invalidParameter("maxResults must be between 1 and " + MAX_RESULTS + ", got " + size + ".");
        }
        Optional<String> after = nextToken.map(Paging::decode);
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(key));
        for (int i = 1; i < sorted.size(); i++) {
            if (key.apply(sorted.get(i)).equals(key.apply(sorted.get(i - 1)))) {
                throw new IllegalArgumentException("two items share the paging key " + key.apply(sorted.get(i)));
            }
        }
        List<T> page = new ArrayList<>();
        boolean more = false;
        for (T item : sorted) {
            String k = key.apply(item);
            if (after.isPresent() && k.compareTo(after.get()) <= 0) {
                continue;
            }
            if (page.size() == size) {
                more = true;
                break;
            }
            page.add(item);
        }
        Optional<String> token = more ? Optional.of(encode(key.apply(page.get(page.size() - 1)))) : Optional.empty();
        return new Page<>(page, token);
    }

    static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalidToken();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
        if (!plain.startsWith(VERSION) || !encode(plain.substring(VERSION.length())).equals(token)) {
            throw invalidToken();
        }
        return plain.substring(VERSION.length());
    }

    private static EcsError invalidToken() {
        return EcsError.invalidParameter("Invalid nextToken: pass the nextToken of the previous answer unchanged.");
    }
}
