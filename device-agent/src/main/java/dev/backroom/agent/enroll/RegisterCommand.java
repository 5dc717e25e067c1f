package dev.backroom.agent.enroll;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.signing.SigningKeys;
import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backroom-agent register --hub URL --activation-id ID --activation-code CODE --device-id ID
 * [--ca-file F | --ca-fingerprint sha256:HEX]}: exchanges an activation for this device's
 * credential and writes it (mode 0600), with the store CA the hub sent in {@code hub-ca.pem} and
 * the hub's signing key in {@code hub-signing-key.pem} (0600; see {@link HubSigningKeyFile}).
 * Exit 0 when written, 2 when the hub refused or is not the pinned one (message on stderr), 1
 * when the hub cannot be reached.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
    description = "Enrols this device with the hub: exchanges an activation for its credential.")
public final class RegisterCommand implements Callable<Integer> {
  @Option(names = "--hub", required = true, description = "The hub's URL, e.g. https://hub:8080.")
  String hub;

  @Option(names = "--ca-file", description = "The store CA (PEM, the hub's <data-dir>/tls/ca.pem)"
      + " to trust for the hub's HTTPS; or give --ca-fingerprint.")
  Path caFile;

  @Option(names = "--ca-fingerprint", paramLabel = "sha256:HEX", description = "The store CA's"
      + " fingerprint as `backroom hub activation create` prints it (caFingerprint).")
  String caFingerprint;

  @Option(names = "--activation-id", required = true)
  String activationId;

  @Option(names = "--activation-code", required = true)
  String activationCode;

  @Option(names = "--device-id", required = true, description = "This device's id.")
  String deviceId;

  @Option(names = "--data-dir",
      description = "Where the credential is written (default: ./data/agent-<device-id>).")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    if (!Topics.isValidDeviceId(deviceId)) {
      System.err.println("invalid --device-id '" + deviceId + "'");
      return 2;
    }
    Path dir = dataDir != null ? dataDir : Path.of("data", "agent-" + deviceId);
    HubTrust trust;
    try {
      trust = caFile != null ? HubTrust.caFile(PinnedCa.fromFile(caFile))
          : caFingerprint != null ? HubTrust.fingerprint(caFingerprint) : null;
      if (caFile != null && caFingerprint != null
          && !trust.fingerprint().equals(PinnedCa.normalizeFingerprint(caFingerprint))) {
        System.err.println("--ca-file " + caFile + " is " + trust.fingerprint()
            + ", not --ca-fingerprint " + caFingerprint);
        return 2;
      }
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("bad CA pin: " + e.getMessage());
      return 2;
    }
    Registration.Result result;
    try {
      result = Registration.register(hub, activationId, activationCode, deviceId, trust);
    } catch (Registration.RefusedException e) {
      System.err.println("registration refused: " + e.getMessage());
      return 2;
    } catch (javax.net.ssl.SSLHandshakeException e) {
      System.err.println("the hub at " + hub + " is not trusted by the pinned CA: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("cannot reach the hub at " + hub + ": " + e);
      return 1;
    }
    DeviceCredentialFile cred = result.credential();
    try {
      // The CA and the hub's signing key first: a credential without them could not connect to
      // a TLS broker, or follow the hub, anyway.
      if (result.ca() != null) {
        HubCaFile.write(dir, result.ca());
      }
      HubSigningKeyFile.write(dir, result.signingKey());
      cred.write(dir);
    } catch (IOException e) {
      System.err.println("cannot write " + DeviceCredentialFile.in(dir) + ": " + e);
      return 1;
    }
    System.out.println("device " + deviceId + " registered; credential in "
        + DeviceCredentialFile.in(dir).toAbsolutePath() + "; hub signing key "
        + SigningKeys.keyId(result.signingKey()) + " pinned in "
        + HubSigningKeyFile.in(dir).toAbsolutePath());
    return 0;
  }
}
