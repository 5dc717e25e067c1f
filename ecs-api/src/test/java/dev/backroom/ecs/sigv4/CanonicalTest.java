package dev.backroom.ecs.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalTest {

    /** Verifies the algorithm against AWS's published SigV4 test suite vector "get-vanilla". */
    @Test
    void getVanilla_matchesTheAwsTestSuite() {
        SigV4Request request = new SigV4Request("GET", "/", "",
                Map.of("Host", List.of("example.amazonaws.com"), "X-Amz-Date", List.of("20150830T123600Z")),
                new byte[0]);
        String canonical = Canonical.canonicalRequest(request, List.of("host", "x-amz-date"),
                Canonical.hex(Canonical.sha256(new byte[0])));

        assertEquals("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
        assertEquals("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                Canonical.signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service",
                        Canonical.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request",
                                canonical)));
    }

    record UriCase(String raw, String canonical) {
    }

    static Stream<UriCase> uris() {
        return Stream.of(
                new UriCase("", "/"),
                new UriCase("/", "/"),
                new UriCase("/ecs", "/ecs"),
                new UriCase("/ecs/", "/ecs/"),
                new UriCase("/ecs//x", "/ecs/x"),
                new UriCase("/a/./b/../c", "/a/c"),
                new UriCase("/a%20b", "/a%2520b"),
                new UriCase("/~user/-_.", "/~user/-_."),
                new UriCase("/é", "/%C3%A9"));
    }

    @ParameterizedTest
    @MethodSource("uris")
    void canonicalUri(UriCase c) {
        assertEquals(c.canonical(), Canonical.canonicalUri(c.raw()));
    }

    record QueryCase(String raw, String canonical) {
    }

    static Stream<QueryCase> queries() {
        return Stream.of(
                new QueryCase("", ""),
                new QueryCase("b=2&a=1", "a=1&b=2"),
                new QueryCase("a=2&a=1", "a=1&a=2"),
                new QueryCase("flag", "flag="),
                new QueryCase("a=x%20y&a=+", "a=%2B&a=x%20y"),
                new QueryCase("k=%7e%2f", "k=~%2F"),
                new QueryCase("a=1&&b=2", "a=1&b=2"));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void canonicalQuery(QueryCase c) {
        assertEquals(c.canonical(), Canonical.canonicalQuery(c.raw()));
    }

    @Test
    void headerValues_areTrimmedCollapsedAndJoined() {
        assertEquals("a b,c", Canonical.canonicalValue(List.of("  a \t  b ", "c")));
    }
}
