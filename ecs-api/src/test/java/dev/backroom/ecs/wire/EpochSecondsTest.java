package dev.backroom.ecs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EpochSecondsTest {

    record Case(Instant instant, String json) {
    }

    static Stream<Case> written() {
        return Stream.of(
                new Case(Instant.parse("2025-01-01T12:00:00Z"), "1735732800.0"),
                new Case(Instant.parse("2025-01-01T12:00:00.5Z"), "1735732800.5"),
                new Case(Instant.parse("2025-01-01T12:00:00.125Z"), "1735732800.125"),
                new Case(Instant.parse("2025-01-01T12:00:00.123456789Z"), "1735732800.123"),
                new Case(Instant.EPOCH, "0.0"),
                new Case(Instant.parse("1969-12-31T23:59:59.5Z"), "-0.5"));
    }

    @ParameterizedTest
    @MethodSource("written")
    void toJson_writesPlainSecondsWithAFraction(Case c) {
        assertEquals(c.json(), new String(EcsJson.write(EpochSeconds.toJson(c.instant())), StandardCharsets.UTF_8));
    }

    record Read(String json, Instant instant, String refusal) {
    }

    static Stream<Read> read() {
        return Stream.of(
                new Read("1735732800", Instant.parse("2025-01-01T12:00:00Z"), null),
                new Read("1735732800.0", Instant.parse("2025-01-01T12:00:00Z"), null),
                new Read("1735732800.25", Instant.parse("2025-01-01T12:00:00.25Z"), null),
                new Read("1.7357328E9", Instant.parse("2025-01-01T12:00:00Z"), null),
                new Read("-0.5", Instant.parse("1969-12-31T23:59:59.5Z"), null),
                new Read("\"2025-01-01T12:00:00Z\"", null, "SerializationException"),
                new Read("true", null, "SerializationException"),
                new Read("1e999999999", null, "InvalidParameterException"),
                new Read("-1e20", null, "InvalidParameterException"));
    }

    @ParameterizedTest
    @MethodSource("read")
    void fromJson(Read c) {
        JsonNode node = EcsJson.readRequest(("{\"t\":" + c.json() + "}").getBytes(StandardCharsets.UTF_8)).get("t");
        if (c.refusal() == null) {
            assertEquals(c.instant(), EpochSeconds.fromJson(node, "t"));
        } else {
            EcsError error = assertThrows(EcsError.class, () -> EpochSeconds.fromJson(node, "t"));
            assertEquals(c.refusal(), error.shape());
            assertTrue(error.getMessage().contains("Parameter t"), error.getMessage());
        }
    }

    /** Verifies that every millisecond instant survives the round trip through JSON text. */
    @ParameterizedTest
    @MethodSource("seeds")
    void roundTrip(long millis) {
        Instant instant = Instant.ofEpochMilli(millis);
        byte[] text = EcsJson.write(EcsJson.mapper().createObjectNode().set("t", EpochSeconds.toJson(instant)));
        assertEquals(instant, EpochSeconds.fromJson(EcsJson.readRequest(text).get("t"), "t"));
    }

    static Stream<Long> seeds() {
        Random random = new Random(16);
        return IntStream.range(0, 50).mapToObj(i -> random.nextLong() % 4_102_444_800_000L);
    }
}
