package dev.backroom.ecs.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 computation, pure: canonical request, string to sign, signing key, signature. Follows
 * the published algorithm as the clients apply it to services other than S3 (botocore's
 * {@code SigV4Auth}, the Java SDK's {@code AwsV4HttpSigner}): the path is normalised and then
 * percent-encoded once more, the query is re-encoded parameter by parameter and sorted.
 */
final class Canonical {

    private static final HexFormat HEX = HexFormat.of();

    private Canonical() {
    }

    static String canonicalRequest(SigV4Request request, List<String> signedHeaders, String payloadHash) {
        StringBuilder out = new StringBuilder();
        out.append(request.method()).append('\n');
        out.append(canonicalUri(request.rawPath())).append('\n');
        out.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            out.append(name).append(':').append(canonicalValue(request.header(name))).append('\n');
        }
        out.append('\n').append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return Authorization.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /**
     * Dot segments resolved and empty segments dropped, leading and trailing slash kept (botocore's
     * {@code normalize_url_path}), then every byte outside the unreserved set and {@code /} encoded:
     * a {@code %} of the raw path becomes {@code %25}, the double encoding SigV4 asks of non-S3 services.
     */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        String joined = "/" + String.join("/", segments);
        if (rawPath.endsWith("/") && !segments.isEmpty()) {
            joined += "/";
        }
        return encode(joined, true);
    }

    /**
     * Each parameter decoded as sent and re-encoded strictly, sorted by name then value; a
     * parameter without {@code =} has an empty value.
     *
     * @throws IllegalArgumentException for a malformed percent-escape
     */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (String piece : rawQuery.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int eq = piece.indexOf('=');
            String name = eq < 0 ? piece : piece.substring(0, eq);
            String value = eq < 0 ? "" : piece.substring(eq + 1);
            params.add(Map.entry(encode(decode(name), false), encode(decode(value), false)));
        }
        params.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        List<String> pairs = new ArrayList<>();
        params.forEach(p -> pairs.add(p.getKey() + "=" + p.getValue()));
        return String.join("&", pairs);
    }

    /** Values trimmed, runs of whitespace collapsed to one space, several values joined by commas. */
    static String canonicalValue(List<String> values) {
        List<String> trimmed = new ArrayList<>();
        for (String value : values) {
            trimmed.add(value.strip().replaceAll("\\s+", " "));
        }
        return String.join(",", trimmed);
    }

    static String encode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    // '+' stays '+': SigV4 clients percent-encode a plus, so a literal one is a literal one.
    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%') {
                if (i + 3 > text.length()) {
                    throw new IllegalArgumentException("truncated percent-escape");
                }
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 3;
            } else {
                int next = text.indexOf('%', i);
                int end = next < 0 ? text.length() : next;
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
