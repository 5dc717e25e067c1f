package dev.backroom.ecs.keys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * New access key ids and secrets in AWS's shapes, so that the AWS CLI's and SDKs' credential
 * files, environment variables and profiles take them as they are: an id of 20 upper-case
 * characters (Backroom's {@code BKRM} prefix, where AWS has {@code AKIA}, then 80 random bits in
 * base32), a secret of 40 base64 characters (240 random bits).
 */
public final class AccessKeyIds {
  public static final String PREFIX = "BKRM";
  public static final int ID_LENGTH = 20;
  public static final int SECRET_LENGTH = 40;
  /** What {@link #newId} makes; anything else names no key. */
  public static final Pattern ID = Pattern.compile(PREFIX + "[A-Z2-7]{16}");
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private AccessKeyIds() {}

  public static String newId(SecureRandom random) {
    byte[] b = new byte[10];
    random.nextBytes(b);
    StringBuilder s = new StringBuilder(ID_LENGTH).append(PREFIX);
    // 80 bits, 5 at a time: exactly 16 base32 characters, no padding
    long buffer = 0;
    int bits = 0;
    for (byte x : b) {
      buffer = (buffer << 8) | (x & 0xff);
      bits += 8;
      while (bits >= 5) {
        s.append(BASE32[(int) (buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return s.toString();
  }

  public static String newSecret(SecureRandom random) {
    byte[] b = new byte[30];
    random.nextBytes(b);
    // standard alphabet with + and /, as AWS's secrets have; 30 bytes need no padding
    return Base64.getEncoder().encodeToString(b);
  }

  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
