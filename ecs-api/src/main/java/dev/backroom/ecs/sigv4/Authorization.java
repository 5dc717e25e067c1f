package dev.backroom.ecs.sigv4;

import dev.backroom.ecs.wire.EcsError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed {@code Authorization} header of a SigV4 request:
 * {@code AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=<a;b;c>, Signature=<64 hex>}. Structure only; {@link SigV4Verifier} judges it.
 */
record Authorization(String accessKeyId, String date, String region, String service, String terminator,
        List<String> signedHeaders, String signature) {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** @throws EcsError IncompleteSignatureException naming every part that is missing or malformed */
    static Authorization parse(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equals(ALGORITHM)) {
            throw incomplete("Unsupported authorization scheme '" + shorten(scheme) + "': sign requests with AWS "
                    + "Signature Version 4 (" + ALGORITHM + ").");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String piece : value.substring(space + 1).split(",")) {
            String pair = piece.strip();
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                problems.add("Invalid key=value pair (missing equal-sign) in Authorization header: '" + shorten(pair) + "'.");
                continue;
            }
            String key = pair.substring(0, eq);
            if (!List.of("Credential", "SignedHeaders", "Signature").contains(key)) {
                problems.add("Unknown Authorization header parameter '" + shorten(key) + "'.");
            } else if (parts.putIfAbsent(key, pair.substring(eq + 1)) != null) {
                problems.add("Authorization header parameter '" + key + "' appears twice.");
            }
        }
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!parts.containsKey(required)) {
                problems.add("Authorization header requires '" + required + "' parameter.");
            }
        }
        String[] credential = parts.getOrDefault("Credential", "").split("/", -1);
        if (parts.containsKey("Credential") && (credential.length != 5 || List.of(credential).contains(""))) {
            problems.add("Credential must be <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.");
        }
        List<String> signed = List.of(parts.getOrDefault("SignedHeaders", "").split(";", -1));
        if (parts.containsKey("SignedHeaders") && !wellFormed(signed)) {
            problems.add("SignedHeaders must be lower-case header names, sorted, each once, separated by ';'.");
        }
        String signature = parts.getOrDefault("Signature", "");
        if (parts.containsKey("Signature") && !signature.matches("[0-9a-f]{64}")) {
            problems.add("Signature must be 64 lower-case hexadecimal digits.");
        }
        if (!problems.isEmpty()) {
            throw incomplete(String.join(" ", problems));
        }
        return new Authorization(credential[0], credential[1], credential[2], credential[3], credential[4], signed,
                signature);
    }

    /** The credential scope as signed: {@code <date>/<region>/<service>/aws4_request}. */
    String scope() {
        return date + "/" + region + "/" + service + "/" + terminator;
    }

    private static boolean wellFormed(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!name.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
                return false;
            }
            if (i > 0 && names.get(i - 1).compareTo(name) >= 0) {
                return false;
            }
        }
        return true;
    }

    static EcsError incomplete(String message) {
        return EcsError.of("IncompleteSignatureException", message);
    }

    // Header text is echoed back; a hostile one must not make the answer huge.
    static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
