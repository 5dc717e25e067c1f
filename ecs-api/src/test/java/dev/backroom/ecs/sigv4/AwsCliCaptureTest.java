package dev.backroom.ecs.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.backroom.ecs.wire.EcsError;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies the verifier on requests the real AWS CLI sent: a loopback listener answers
 * {@code aws ecs list-clusters} and {@code aws ecs describe-services} at {@code --endpoint-url
 * http://127.0.0.1:<port>/ecs}, and each captured request is verified, accepted and tampered with.
 */
class AwsCliCaptureTest {

    static final String KEY = "BKIACLICAPTURE000001";
    static final String SECRET = "cli/Capture+Secret0123456789abcdefghijKLMN";
    static final SigV4Verifier<String> VERIFIER = SigV4Verifier.onlyRegion(
            id -> id.equals(KEY) ? Optional.of(new SecretLookup.AccessSecret<>(SECRET, "ci")) : Optional.empty(),
            "eu-west-1");

    static HttpServer server;
    static final List<SigV4Request> captured = new CopyOnWriteArrayList<>();
    static SigV4Request listClusters;
    static SigV4Request describeServices;

    @BeforeAll
    static void captureRealCliRequests() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            captured.add(new SigV4Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] answer = (target != null && target.endsWith("DescribeServices")
                    ? "{\"services\":[],\"failures\":[]}" : "{\"clusterArns\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        listClusters = runCli("list-clusters");
        describeServices = runCli("describe-services", "--cluster", "store-0042", "--services", "web", "api");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static SigV4Request runCli(String... operation) throws IOException, InterruptedException {
        String aws = findOnPath("aws");
        List<String> command = new ArrayList<>(List.of(aws, "ecs"));
        command.addAll(List.of(operation));
        command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/ecs",
                "--region", "eu-west-1", "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        int before = captured.size();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws ecs " + operation[0] + " did not finish in 60 s: " + output);
        }
        assertEquals(0, process.exitValue(), "aws ecs " + operation[0] + " failed: " + output);
        assertEquals(before + 1, captured.size(), "the CLI sent one request for " + operation[0]);
        return captured.get(before);
    }

    static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new AssertionError("The AWS CLI ('" + name + "') is not on PATH; this test drives the real CLI. "
                + "Install it (Debian: apt-get install awscli; .ci/run installs it).");
    }

    static Stream<SigV4Request> requests() {
        return Stream.of(listClusters, describeServices);
    }

    @Test
    void cliRequest_hasTheShapeTheNotesRecord() {
        assertEquals("POST", listClusters.method());
        // CLI 1.45 posts to the endpoint path as given, no trailing slash: the server routes /ecs itself.
        assertEquals("/ecs", listClusters.rawPath());
        assertEquals("127.0.0.1:" + server.getAddress().getPort(), listClusters.header("host").get(0));
        assertEquals(List.of("AmazonEC2ContainerServiceV20141113.ListClusters"), listClusters.header("x-amz-target"));
        assertTrue(listClusters.header("authorization").get(0)
                        .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,"),
                listClusters.header("authorization").get(0));
        assertEquals("{\"cluster\": \"store-0042\", \"services\": [\"web\", \"api\"]}",
                new String(describeServices.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void cliRequest_isAccepted(SigV4Request request) {
        SigV4Verifier.Verified<String> verified = VERIFIER.verify(request, Instant.now());

        assertEquals(KEY, verified.accessKeyId());
        assertEquals("ci", verified.principal());
        assertEquals("eu-west-1", verified.region());
    }

    record Tamper(String name, UnaryOperator<SigV4Request> change, Duration clockOffset, String shape,
            String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Tamper> tampers() {
        return Stream.of(
                new Tamper("tampered body", r -> new SigV4Request(r.method(), r.rawPath(), r.rawQuery(), r.headers(),
                        "{\"cluster\": \"store-0043\", \"services\": [\"web\", \"api\"]}".getBytes(StandardCharsets.UTF_8)),
                        Duration.ZERO, "InvalidSignatureException", "does not match the signature you provided"),
                new Tamper("another host than the client used", r -> replaceHeader(r, "host", "hub.example:8080"),
                        Duration.ZERO, "InvalidSignatureException", "does not match the signature you provided"),
                new Tamper("clock 6 minutes ahead of the client", r -> r, Duration.ofMinutes(6),
                        "InvalidSignatureException", "Signature expired"),
                new Tamper("clock 6 minutes behind the client", r -> r, Duration.ofMinutes(-6),
                        "InvalidSignatureException", "Signature not yet current"));
    }

    @ParameterizedTest
    @MethodSource("tampers")
    void tamperedCliRequest_isRefused(Tamper t) {
        SigV4Request request = t.change().apply(describeServices);

        EcsError error = assertThrows(EcsError.class,
                () -> VERIFIER.verify(request, Instant.now().plus(t.clockOffset())));

        assertEquals(t.shape(), error.shape());
        assertTrue(error.getMessage().contains(t.message()), error.getMessage());
    }

    @Test
    void cliRequest_withWrongSecret_isRefused() {
        SigV4Verifier<String> otherSecret = SigV4Verifier.anyRegion(
                id -> Optional.of(new SecretLookup.AccessSecret<>(SECRET.replace('c', 'C'), "ci")));

        EcsError error = assertThrows(EcsError.class, () -> otherSecret.verify(listClusters, Instant.now()));

        assertEquals("InvalidSignatureException", error.shape());
    }

    @Test
    void cliRequest_replayed_isRefusedByTheGuard() {
        ReplayGuard guard = new ReplayGuard(100);
        Instant now = Instant.now();
        guard.admit(VERIFIER.verify(describeServices, now), now);

        SigV4Verifier.Verified<String> again = VERIFIER.verify(describeServices, now.plusSeconds(30));
        EcsError error = assertThrows(EcsError.class, () -> guard.admit(again, now.plusSeconds(30)));

        assertEquals("InvalidSignatureException", error.shape());
        assertTrue(error.getMessage().startsWith("Signature already used"), error.getMessage());
    }

    static SigV4Request replaceHeader(SigV4Request r, String name, String value) {
        Map<String, List<String>> headers = new HashMap<>(r.headers());
        headers.put(name, List.of(value));
        return new SigV4Request(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }
}
