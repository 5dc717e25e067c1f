package dev.backroom.agent.enroll;

import dev.backroom.mqtt.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backroom-agent register --hub URL --activation-id ID --activation-code CODE --device-id ID}:
 * exchanges an activation for this device's credential and writes it (mode 0600). Exit 0 when
 * written, 2 when the hub refused (its message on stderr), 1 when the hub cannot be reached.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
    description = "Enrols this device with the hub: exchanges an activation for its credential.")
public final class RegisterCommand implements Callable<Integer> {
  @Option(names = "--hub", required = true, description = "The hub's URL, e.g. http://hub:8080.")
  String hub;

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
    DeviceCredentialFile cred;
    try {
      cred = Registration.register(hub, activationId, activationCode, deviceId);
    } catch (Registration.RefusedException e) {
      System.err.println("registration refused: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("cannot reach the hub at " + hub + ": " + e);
      return 1;
    }
    try {
      cred.write(dir);
    } catch (IOException e) {
      System.err.println("cannot write " + DeviceCredentialFile.in(dir) + ": " + e);
      return 1;
    }
    System.out.println("device " + deviceId + " registered; credential in "
        + DeviceCredentialFile.in(dir).toAbsolutePath());
    return 0;
  }
}
