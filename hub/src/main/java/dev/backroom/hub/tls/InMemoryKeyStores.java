package dev.backroom.hub.tls;

/**
 * Vert.x and Netty turn the PEM key of each TLS listener (the API's, the telemetry listener's)
 * into an in-memory PKCS12 key store under a password written in their own code, and read the key
 * back from it, several times per listener. The JDK protects every PKCS12 key entry with 10,000
 * PBKDF2 rounds by default: on a cold JVM one entry written and read took ~0.5 s, and these
 * stores were a quarter of the CPU samples of the hub's start to ready. The rounds protect
 * nothing there (the store never leaves memory and its password is public), so the hub asks for
 * one round. The property governs only PKCS12 key entries this JVM creates; the hub writes no
 * PKCS12 file (its keys are PEM files, 0600), and PKCS12 files it reads keep their own rounds.
 */
public final class InMemoryKeyStores {
  static final String ROUNDS = "keystore.pkcs12.keyPbeIterationCount";

  private InMemoryKeyStores() {}

  /** Sets the rounds unless the operator set them ({@code -Dkeystore.pkcs12...}). */
  public static void fewRounds() {
    if (System.getProperty(ROUNDS) == null) {
      System.setProperty(ROUNDS, "1");
    }
  }
}
