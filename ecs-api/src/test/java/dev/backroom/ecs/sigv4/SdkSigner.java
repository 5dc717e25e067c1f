package dev.backroom.ecs.sigv4;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The independent implementation the verifier is checked against: the AWS SDK for Java v2's own
 * SigV4 signer, at a fixed clock, producing the request as its HTTP client would send it.
 */
final class SdkSigner {

    static final String HOST = "hub.example";
    static final int PORT = 8080;

    /** What to sign; query parameters in order, names repeating allowed. */
    record Unsigned(String method, String encodedPath, List<Map.Entry<String, String>> query,
            Map<String, List<String>> headers, byte[] body) {
    }

    private SdkSigner() {
    }

    static SigV4Request sign(Unsigned unsigned, String accessKeyId, String secret, String service, String region,
            Instant at) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(unsigned.method()))
                .protocol("https").host(HOST).port(PORT)
                .encodedPath(unsigned.encodedPath());
        unsigned.query().forEach(p -> http.appendRawQueryParameter(p.getKey(), p.getValue()));
        unsigned.headers().forEach((name, values) -> values.forEach(v -> http.appendHeader(name, v)));
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(http.build())
                .payload(ContentStreamProvider.fromByteArray(unsigned.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        SdkHttpRequest out = signed.request();
        Map<String, List<String>> headers = new LinkedHashMap<>(out.headers());
        // The SDK's HTTP client sends Host from the endpoint when the signer did not set it.
        if (out.firstMatchingHeader("Host").isEmpty()) {
            headers.put("Host", List.of(HOST + ":" + PORT));
        }
        return new SigV4Request(out.method().name(), out.encodedPath(), out.encodedQueryParameters().orElse(""),
                headers, unsigned.body());
    }
}
