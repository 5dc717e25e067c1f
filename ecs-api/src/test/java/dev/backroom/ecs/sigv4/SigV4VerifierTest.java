package dev.backroom.ecs.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.wire.EcsError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies the verifier against requests the AWS SDK for Java v2 signed, and every refusal. */
class SigV4VerifierTest {

    static final String KEY = "BKIAEXAMPLEKEY000001";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant AT = Instant.parse("2026-12-06T10:15:30Z");
    static final SecretLookup<String> LOOKUP = id -> id.equals(KEY)
            ? Optional.of(new SecretLookup.AccessSecret<>(SECRET, "pipeline-a")) : Optional.empty();
    static final SigV4Verifier<String> VERIFIER = SigV4Verifier.anyRegion(LOOKUP);

    record Case(String name, SdkSigner.Unsigned request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Map<String, List<String>> ecsHeaders(String operation) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
        headers.put("X-Amz-Target", List.of("AmazonEC2ContainerServiceV20141113." + operation));
        return headers;
    }

    static SdkSigner.Unsigned listClusters() {
        return new SdkSigner.Unsigned("POST", "/ecs/", List.of(), ecsHeaders("ListClusters"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Case> accepted() {
        Map<String, List<String>> extra = ecsHeaders("DescribeServices");
        extra.put("amz-sdk-invocation-id", List.of("5b1c5f64-2c3d-4f4e-9a51-8d7f0e3c2b1a"));
        extra.put("X-Custom", List.of("  spaced    value  ", "second"));
        byte[] binary = new byte[4096];
        new Random(16).nextBytes(binary);
        return Stream.of(
                new Case("ListClusters at /ecs/", listClusters()),
                new Case("root path, empty body", new SdkSigner.Unsigned("POST", "/", List.of(),
                        ecsHeaders("ListClusters"), new byte[0])),
                new Case("path without trailing slash", new SdkSigner.Unsigned("POST", "/ecs", List.of(),
                        ecsHeaders("ListClusters"), "{}".getBytes(StandardCharsets.UTF_8))),
                new Case("encoded path segments", new SdkSigner.Unsigned("POST", "/ecs/a%20b/%C3%A9~x", List.of(),
                        ecsHeaders("ListClusters"), "{}".getBytes(StandardCharsets.UTF_8))),
                new Case("query with repeats and reserved characters", new SdkSigner.Unsigned("POST", "/ecs/",
                        List.of(Map.entry("b", "2"), Map.entry("a", "x y+z/=&"), Map.entry("a", "0"),
                                Map.entry("é", "")),
                        ecsHeaders("ListClusters"), "{}".getBytes(StandardCharsets.UTF_8))),
                new Case("extra signed headers, whitespace runs, repeated header", new SdkSigner.Unsigned("POST",
                        "/ecs/", List.of(), extra,
                        "{\"services\":[\"web\"],\"cluster\":\"default\"}".getBytes(StandardCharsets.UTF_8))),
                new Case("binary body", new SdkSigner.Unsigned("POST", "/ecs/", List.of(),
                        ecsHeaders("RegisterTaskDefinition"), binary)),
                new Case("unicode JSON body", new SdkSigner.Unsigned("POST", "/ecs/", List.of(),
                        ecsHeaders("RegisterTaskDefinition"),
                        "{\"family\":\"caf\u00e9-\u2603\"}".getBytes(StandardCharsets.UTF_8))),
                new Case("GET", new SdkSigner.Unsigned("GET", "/ecs/", List.of(Map.entry("Action", "x")),
                        ecsHeaders("ListClusters"), new byte[0])));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void sdkSignedRequest_isAccepted(Case c) {
        SigV4Request request = SdkSigner.sign(c.request(), KEY, SECRET, "ecs", "eu-west-1", AT);

        SigV4Verifier.Verified<String> verified = VERIFIER.verify(request, AT);

        assertEquals(new SigV4Verifier.Verified<>(KEY, "pipeline-a", "eu-west-1", AT,
                request.header("authorization").get(0).replaceAll(".*Signature=", "")), verified);
    }

    /** Verifies that random bodies, paths and times all verify: no input class the SDK signs differently. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomSdkSignedRequests_areAccepted(long seed) {
        Random random = new Random(seed);
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        String segment = Integer.toHexString(random.nextInt()) + (random.nextBoolean() ? "%2B" : "-_.~");
        Instant at = AT.plusSeconds(random.nextInt(1_000_000));
        SigV4Request request = SdkSigner.sign(new SdkSigner.Unsigned("POST", "/ecs/" + segment,
                List.of(Map.entry("k" + random.nextInt(9), Long.toString(random.nextLong()))),
                ecsHeaders("ListTasks"), body), KEY, SECRET, "ecs", "ap-southeast-2", at);

        assertEquals("ap-southeast-2", VERIFIER.verify(request, at.plusSeconds(random.nextInt(600) - 300)).region());
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 25).mapToObj(i -> 1600L + i);
    }

    @Test
    void clockSkewOfExactlyFiveMinutes_isAccepted_eitherWay() {
        SigV4Request request = SdkSigner.sign(listClusters(), KEY, SECRET, "ecs", "eu-west-1", AT);

        assertEquals(KEY, VERIFIER.verify(request, AT.plus(Duration.ofMinutes(5))).accessKeyId());
        assertEquals(KEY, VERIFIER.verify(request, AT.minus(Duration.ofMinutes(5))).accessKeyId());
    }

    record Refusal(String name, UnaryOperator<SigV4Request> tamper, Instant now, String shape, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static SigV4Request withHeader(SigV4Request r, String name, List<String> values) {
        Map<String, List<String>> headers = new HashMap<>(r.headers());
        if (values == null) {
            headers.remove(name);
        } else {
            headers.put(name, values);
        }
        return new SigV4Request(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }

    static SigV4Request signedBy(String key, String secret, String service, String region) {
        return SdkSigner.sign(listClusters(), key, secret, service, region, AT);
    }

    static SigV4Request authorization(SigV4Request r, UnaryOperator<String> edit) {
        return withHeader(r, "authorization", List.of(edit.apply(r.header("authorization").get(0))));
    }

    static Stream<Refusal> refused() {
        String invalidSig = "The request signature we calculated does not match the signature you provided.";
        return Stream.of(
                new Refusal("wrong secret", r -> signedBy(KEY, SECRET + "x", "ecs", "eu-west-1"), AT,
                        "InvalidSignatureException", invalidSig),
                // The SDK signs x-amz-content-sha256; the CLI capture test covers a body tampered without it.
                new Refusal("tampered body", r -> new SigV4Request(r.method(), r.rawPath(), r.rawQuery(), r.headers(),
                        "{\"maxResults\":1}".getBytes(StandardCharsets.UTF_8)), AT, "InvalidSignatureException",
                        "The x-amz-content-sha256 header does not match the body"),
                new Refusal("tampered target", r -> withHeader(r, "x-amz-target",
                        List.of("AmazonEC2ContainerServiceV20141113.DeleteService")), AT, "InvalidSignatureException",
                        invalidSig),
                new Refusal("another host port", r -> withHeader(r, "host", List.of("hub.example:8443")), AT,
                        "InvalidSignatureException", invalidSig),
                new Refusal("another path", r -> new SigV4Request(r.method(), "/other/", r.rawQuery(), r.headers(),
                        r.body()), AT, "InvalidSignatureException", invalidSig),
                new Refusal("added query", r -> new SigV4Request(r.method(), r.rawPath(), "a=1", r.headers(),
                        r.body()), AT, "InvalidSignatureException", invalidSig),
                new Refusal("signed for another service", r -> signedBy(KEY, SECRET, "ec2", "eu-west-1"), AT,
                        "InvalidSignatureException", "Credential should be scoped to correct service: 'ecs'."),
                new Refusal("clock skew over 5 minutes, request old", r -> r, AT.plus(Duration.ofSeconds(301)),
                        "InvalidSignatureException", "Signature expired: 20261206T101530Z is now earlier than "
                                + "20261206T101531Z (20261206T102031Z - 5 min.)"),
                new Refusal("clock skew over 5 minutes, request ahead", r -> r, AT.minus(Duration.ofSeconds(301)),
                        "InvalidSignatureException", "Signature not yet current: 20261206T101530Z is still later than "
                                + "20261206T101529Z (20261206T101029Z + 5 min.)"),
                new Refusal("unknown key", r -> signedBy("BKIAUNKNOWN", SECRET, "ecs", "eu-west-1"), AT,
                        "UnrecognizedClientException", "The security token included in the request is invalid."),
                new Refusal("session token", r -> withHeader(r, "x-amz-security-token", List.of("FwoG")), AT,
                        "UnrecognizedClientException", "The security token included in the request is invalid."),
                new Refusal("no Authorization", r -> withHeader(r, "authorization", null), AT,
                        "MissingAuthenticationTokenException", "Missing Authentication Token"),
                new Refusal("two Authorization headers", r -> withHeader(r, "authorization",
                        List.of(r.header("authorization").get(0), r.header("authorization").get(0))), AT,
                        "IncompleteSignatureException", "more than one Authorization header"),
                new Refusal("another scheme", r -> withHeader(r, "authorization", List.of("Basic YWRtaW46YWRtaW4=")),
                        AT, "IncompleteSignatureException", "Unsupported authorization scheme 'Basic'"),
                new Refusal("Signature part missing", r -> authorization(r, a -> a.replaceAll(", Signature=.*", "")),
                        AT, "IncompleteSignatureException", "Authorization header requires 'Signature' parameter."),
                new Refusal("garbled parts", r -> withHeader(r, "authorization", List.of("AWS4-HMAC-SHA256 nonsense")),
                        AT, "IncompleteSignatureException", "Invalid key=value pair (missing equal-sign)"),
                new Refusal("short credential", r -> authorization(r, a -> a.replace("/eu-west-1/ecs", "/ecs")), AT,
                        "IncompleteSignatureException", "Credential must be"),
                new Refusal("signature not hex", r -> authorization(r, a -> a.replaceAll("Signature=.*",
                        "Signature=xyz")), AT, "IncompleteSignatureException", "64 lower-case hexadecimal"),
                new Refusal("x-amz-target not signed", r -> authorization(r, a -> a.replace(";x-amz-target", "")), AT,
                        "IncompleteSignatureException", "'x-amz-target' must be a 'SignedHeader'"),
                new Refusal("signed header absent", r -> withHeader(r, "content-type", null), AT,
                        "IncompleteSignatureException", "Signed header 'content-type' is not in the request."),
                new Refusal("no X-Amz-Date", r -> authorization(withHeader(r, "x-amz-date", null),
                        a -> a.replace(";x-amz-date", "")), AT, "IncompleteSignatureException",
                        "'x-amz-date' must be a 'SignedHeader'"),
                new Refusal("X-Amz-Date not ISO basic", r -> withHeader(r, "x-amz-date",
                        List.of("Sun, 06 Dec 2026 10:15:30 GMT")), AT, "IncompleteSignatureException",
                        "is not a date in the form"),
                new Refusal("scope date differs", r -> authorization(r, a -> a.replace("/20261206/", "/20261205/")),
                        AT, "InvalidSignatureException", "Date in Credential scope does not match"),
                new Refusal("payload hash header differs", r -> withHeader(r, "x-amz-content-sha256",
                        List.of("UNSIGNED-PAYLOAD")), AT, "InvalidSignatureException", "x-amz-content-sha256"),
                new Refusal("malformed query escape", r -> new SigV4Request(r.method(), r.rawPath(), "a=%G1",
                        r.headers(), r.body()), AT, "InvalidSignatureException", "malformed percent-escape"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusal(Refusal c) {
        SigV4Request request = c.tamper().apply(SdkSigner.sign(listClusters(), KEY, SECRET, "ecs", "eu-west-1", AT));

        EcsError error = assertThrows(EcsError.class, () -> VERIFIER.verify(request, c.now()));

        assertEquals(c.shape(), error.shape(), error.getMessage());
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains(c.message()), error.getMessage());
    }

    @Test
    void onlyRegion_refusesAnotherRegion_acceptsItsOwn() {
        SigV4Verifier<String> pinned = SigV4Verifier.onlyRegion(LOOKUP, "eu-west-1");

        EcsError error = assertThrows(EcsError.class,
                () -> pinned.verify(signedBy(KEY, SECRET, "ecs", "us-east-1"), AT));

        assertEquals("InvalidSignatureException", error.shape());
        assertTrue(error.getMessage().contains("Credential should be scoped to a valid region, not 'us-east-1'"));
        assertEquals("eu-west-1", pinned.verify(signedBy(KEY, SECRET, "ecs", "eu-west-1"), AT).region());
    }

    @Test
    void headerNames_areCaseInsensitive() {
        SigV4Request signed = SdkSigner.sign(listClusters(), KEY, SECRET, "ecs", "eu-west-1", AT);
        Map<String, List<String>> upper = new HashMap<>();
        signed.headers().forEach((name, values) -> upper.put(name.toUpperCase(), values));

        assertEquals(KEY, VERIFIER.verify(new SigV4Request("POST", signed.rawPath(), "", upper, signed.body()), AT)
                .accessKeyId());
    }

    /** Property: whatever the Authorization and X-Amz-Date headers hold, a refusal is an EcsError, never a crash. */
    @ParameterizedTest
    @MethodSource("seeds")
    void garbledHeaders_areRefusedAsEcsErrors(long seed) {
        Random random = new Random(seed);
        SigV4Request signed = SdkSigner.sign(listClusters(), KEY, SECRET, "ecs", "eu-west-1", AT);
        char[] auth = signed.header("authorization").get(0).toCharArray();
        char[] date = signed.header("x-amz-date").get(0).toCharArray();
        String alphabet = "=,;/ :%\u0000\u00e9aZ9";
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            auth[random.nextInt(auth.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            if (random.nextBoolean()) {
                date[random.nextInt(date.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
        }
        SigV4Request garbled = withHeader(withHeader(signed, "authorization", List.of(new String(auth))),
                "x-amz-date", List.of(new String(date)));

        EcsError error = assertThrows(EcsError.class, () -> VERIFIER.verify(garbled, AT));

        assertEquals(400, error.status());
    }
}
