package dev.backroom.ecs.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as it arrived, before any decoding: what SigV4 signs.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent, still percent-encoded ({@code /ecs/})
 * @param rawQuery the query as sent, without {@code ?}; empty when there is none
 * @param headers every header as sent, names in any case, values in arrival order. {@code Host}
 *     must be the one the client used, port included: behind a proxy, the original
 * @param body the body bytes
 */
public record SigV4Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
        byte[] body) {

    public SigV4Request {
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
        // Lower-case names, merged: HTTP header names are case-insensitive and SigV4 lower-cases them.
        TreeMap<String, List<String>> merged = new TreeMap<>();
        headers.forEach((name, values) -> merged.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
        merged.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableSortedMap(merged);
    }

    /** The values of a header, any case; empty when absent. */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
