package dev.backroom.config.json;

import dev.backroom.config.model.TaskDefinition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short digest of what a container must look like. The agent labels containers with it and
 * compares it with the assignment, so an unchanged spec never recreates a container.
 */
public final class SpecHash {
  private SpecHash() {}

  /** Digest of the task definition's runtime content; the revision number is left out. */
  public static String of(TaskDefinition td) {
    return sha256(Json.write(td.withRevision(1)));
  }

  public static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
