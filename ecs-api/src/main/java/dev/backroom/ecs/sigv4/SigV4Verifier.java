package dev.backroom.ecs.sigv4;

import dev.backroom.ecs.wire.EcsError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies AWS Signature Version 4 on a request to the ECS API (service {@code ecs}), pure: the
 * clock is an argument, the secret comes from a {@link SecretLookup}.
 *
 * <p>Checks, cheapest first, each refusal an ECS error shape as AWS answers it:
 * <ol>
 * <li>no {@code Authorization} header: MissingAuthenticationTokenException;</li>
 * <li>a malformed header, a missing or malformed {@code X-Amz-Date}, or {@code host},
 *     {@code x-amz-date} or {@code x-amz-target} left unsigned: IncompleteSignatureException.
 *     The three must be signed so that a captured signature binds the endpoint, the time and the
 *     operation; every SDK and the CLI sign them (ECS-API-NOTES.md §1);</li>
 * <li>a scope for another date, service or region, or a signing time more than
 *     {@link #MAX_SKEW} from {@code now} either way: InvalidSignatureException, the skew worded as
 *     AWS words it ("Signature expired: ... is now earlier than ... (... - 5 min.)"), which clients
 *     recognise as clock skew;</li>
 * <li>an unknown, disabled or expired key, or a session token (Backroom issues none):
 *     UnrecognizedClientException;</li>
 * <li>a signature that does not match: InvalidSignatureException.</li>
 * </ol>
 *
 * <p>Replays inside the window are a {@link ReplayGuard}'s to refuse, after this class accepted
 * the signature (a forged signature must never occupy the guard).
 *
 * @param <P> the key owner's type, returned in {@link Verified}
 */
public final class SigV4Verifier<P> {

    public static final String SERVICE = "ecs";
    /** How far a request's signing time may be from the server's clock, either way. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final List<String> MUST_SIGN = List.of("host", "x-amz-date", "x-amz-target");

    private final SecretLookup<P> secrets;
    private final Optional<String> region;

    private SigV4Verifier(SecretLookup<P> secrets, Optional<String> region) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.region = region;
    }

    /**
     * Accepts a signature scoped to any region. Pipelines keep the region they deploy to AWS with;
     * Backroom's own region (its ARNs) need not match it.
     */
    public static <P> SigV4Verifier<P> anyRegion(SecretLookup<P> secrets) {
        return new SigV4Verifier<>(secrets, Optional.empty());
    }

    /** Accepts only signatures scoped to this region, as AWS does. */
    public static <P> SigV4Verifier<P> onlyRegion(SecretLookup<P> secrets, String region) {
        return new SigV4Verifier<>(secrets, Optional.of(region));
    }

    /**
     * An accepted request.
     *
     * @param signature the request's signature, the key a {@link ReplayGuard} remembers
     */
    public record Verified<P>(String accessKeyId, P principal, String region, Instant signedAt, String signature) {
    }

    /** @throws EcsError as listed on the class; never anything else for any input */
    public Verified<P> verify(SigV4Request request, Instant now) {
        List<String> authorizations = request.header("authorization");
        if (authorizations.isEmpty()) {
            throw EcsError.of("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (authorizations.size() > 1) {
            throw Authorization.incomplete("The request carries more than one Authorization header.");
        }
        Authorization auth = Authorization.parse(authorizations.get(0));
        for (String name : MUST_SIGN) {
            if (!auth.signedHeaders().contains(name)) {
                throw Authorization.incomplete("'" + name + "' must be a 'SignedHeader' in the AWS Authorization.");
            }
        }
        for (String name : auth.signedHeaders()) {
            if (request.header(name).isEmpty()) {
                throw Authorization.incomplete("Signed header '" + name + "' is not in the request.");
            }
        }
        List<String> dates = request.header("x-amz-date");
        if (dates.size() != 1) {
            throw Authorization.incomplete("The request needs exactly one X-Amz-Date header (yyyyMMdd'T'HHmmss'Z').");
        }
        String amzDate = dates.get(0).strip();
        Instant signedAt = parseAmzDate(amzDate);

        if (!auth.date().equals(amzDate.substring(0, 8))) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + Authorization.shorten(auth.date()) + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (!auth.service().equals(SERVICE)) {
            throw invalid("Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        if (!auth.terminator().equals("aws4_request")) {
            throw invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + Authorization.shorten(auth.terminator()) + "'.");
        }
        if (region.isPresent() && !region.get().equals(auth.region())) {
            throw invalid("Credential should be scoped to a valid region, not '" + Authorization.shorten(auth.region())
                    + "'. This endpoint signs for '" + region.get() + "'.");
        }
        checkSkew(signedAt, now);

        if (!request.header("x-amz-security-token").isEmpty()) {
            throw unrecognized();
        }
        SecretLookup.AccessSecret<P> secret = secrets.find(auth.accessKeyId()).orElseThrow(SigV4Verifier::unrecognized);

        String payloadHash = Canonical.hex(Canonical.sha256(request.body()));
        List<String> declaredHash = request.header("x-amz-content-sha256");
        if (!declaredHash.isEmpty() && !declaredHash.equals(List.of(payloadHash))) {
            throw invalid("The x-amz-content-sha256 header does not match the body: sign the payload.");
        }
        String canonical;
        try {
            canonical = Canonical.canonicalRequest(request, auth.signedHeaders(), payloadHash);
        } catch (IllegalArgumentException e) {
            throw invalid("The query string has a malformed percent-escape.");
        }
        String expected = Canonical.signature(secret.secretAccessKey(), auth.date(), auth.region(), auth.service(),
                Canonical.stringToSign(amzDate, auth.scope(), canonical));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("The request signature we calculated does not match the signature you provided. Check your "
                    + "AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return new Verified<>(auth.accessKeyId(), secret.principal(), auth.region(), signedAt, auth.signature());
    }

    private static Instant parseAmzDate(String amzDate) {
        try {
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Authorization.incomplete("X-Amz-Date '" + Authorization.shorten(amzDate)
                    + "' is not a date in the form yyyyMMdd'T'HHmmss'Z'.");
        }
    }

    // AWS's wording, kept: botocore and the SDKs match "Signature expired" / InvalidSignatureException
    // as a clock-skew error, and users search for it.
    private static void checkSkew(Instant signedAt, Instant now) {
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + format(signedAt) + " is now earlier than "
                    + format(now.minus(MAX_SKEW)) + " (" + format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + format(signedAt) + " is still later than "
                    + format(now.plus(MAX_SKEW)) + " (" + format(now) + " + 5 min.)");
        }
    }

    private static String format(Instant instant) {
        return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static EcsError invalid(String message) {
        return EcsError.of("InvalidSignatureException", message);
    }

    private static EcsError unrecognized() {
        return EcsError.of("UnrecognizedClientException", "The security token included in the request is invalid.");
    }
}
