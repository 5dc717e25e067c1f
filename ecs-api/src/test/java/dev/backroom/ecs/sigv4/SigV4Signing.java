package dev.backroom.ecs.sigv4;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ECS request as the AWS SDK signs it, for tests outside this package. */
public final class SigV4Signing {
  private SigV4Signing() {}

  public static SigV4Request sign(String operation, byte[] body, String keyId, String secret,
      Instant at) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
    headers.put("X-Amz-Target", List.of("AmazonEC2ContainerServiceV20141113." + operation));
    return SdkSigner.sign(new SdkSigner.Unsigned("POST", "/ecs", List.of(), headers, body), keyId,
        secret, "ecs", "eu-west-1", at);
  }
}
