package dev.backroom.sync.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import java.time.Instant;
import java.util.Objects;

/**
 * One object an operator put into the cloud: (kind, name, selector) identifies it, so the same
 * name may exist once broadly and once per store. {@code specHash} is
 * {@link SpecDigest#of(JsonNode, int)} of the spec and {@code redeploys}.
 *
 * @param redeploys how many times a new deployment of a SERVICE was forced from the cloud
 *     (ECS UpdateService's {@code forceNewDeployment}); outside the spec, but in the hash, so a
 *     forced redeploy of an unchanged spec still changes the object and reaches the stores
 */
public record DesiredObject(
    DesiredKind kind, String name, LabelSelector selector, JsonNode spec, String specHash,
    Instant updatedAt, int redeploys) {
  public DesiredObject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (redeploys < 0) {
      throw new IllegalArgumentException("redeploys must not be negative: " + redeploys);
    }
    specHash = specHash == null ? SpecDigest.of(spec, redeploys) : specHash;
  }

  /** An object never redeployed by force. */
  public DesiredObject(DesiredKind kind, String name, LabelSelector selector, JsonNode spec,
      String specHash, Instant updatedAt) {
    this(kind, name, selector, spec, specHash, updatedAt, 0);
  }

  /** An object whose hash is computed from {@code spec}. */
  public static DesiredObject of(DesiredKind kind, String name, LabelSelector selector,
      JsonNode spec, Instant updatedAt) {
    return new DesiredObject(kind, name, selector, spec, null, updatedAt, 0);
  }

  /** An object whose hash is computed from {@code spec} and {@code redeploys}. */
  public static DesiredObject of(DesiredKind kind, String name, LabelSelector selector,
      JsonNode spec, Instant updatedAt, int redeploys) {
    return new DesiredObject(kind, name, selector, spec, null, updatedAt, redeploys);
  }

  /** The count as the wire carries it: absent (null) when no redeploy was ever forced. */
  public Integer wireRedeploys() {
    return redeploys == 0 ? null : redeploys;
  }

  public ObjectKey key() {
    return new ObjectKey(kind, name);
  }
}
