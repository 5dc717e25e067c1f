package dev.backroom.ecs.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Timestamps on the wire: epoch seconds as a JSON number with a fraction ({@code 1735732800.0},
 * {@code 1735732800.125}). Milliseconds would break the AWS CLI ("year 56973 is out of range") and
 * typed SDKs expect numbers (ECS-API-NOTES.md §1).
 */
public final class EpochSeconds {

    private static final BigDecimal LIMIT = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private EpochSeconds() {
    }

    /**
     * The instant to millisecond precision (sub-millisecond parts are dropped, rounding toward the
     * past, as ECS's own timestamps carry milliseconds), written in plain notation with at least one
     * decimal place so that no client reads it as an integer count.
     */
    public static DecimalNode toJson(Instant instant) {
        long millis = instant.toEpochMilli();
        BigDecimal seconds = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
        if (seconds.scale() < 1) {
            seconds = seconds.setScale(1, RoundingMode.UNNECESSARY);
        }
        return DecimalNode.valueOf(seconds);
    }

    /**
     * A timestamp member of a request: a JSON number of seconds, integral or with a fraction.
     *
     * @param path the member's path, named in the refusal
     * @throws EcsError SerializationException for a non-number, InvalidParameterException for a
     *     number outside the range of {@link Instant}
     */
    public static Instant fromJson(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw EcsError.serialization("Parameter " + path + " must be a timestamp in epoch seconds (a number), got "
                    + (node == null ? "nothing" : EcsJson.describe(node)) + ".");
        }
        BigDecimal seconds = node.decimalValue();
        // Bounded first: rescaling a number like 1e999999999 would build a huge integer.
        if (seconds.abs().compareTo(LIMIT) > 0) {
            throw EcsError.invalidParameter("Parameter " + path + " is out of range for a timestamp.");
        }
        try {
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
            return Instant.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (ArithmeticException | DateTimeException e) {
            throw EcsError.invalidParameter("Parameter " + path + " is out of range for a timestamp.");
        }
    }
}
