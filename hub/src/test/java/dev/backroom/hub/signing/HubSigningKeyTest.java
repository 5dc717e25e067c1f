package dev.backroom.hub.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.signing.EnvelopeVerifier;
import dev.backroom.mqtt.signing.SigningKeys;
import dev.backroom.mqtt.signing.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSigningKeyTest {
  @TempDir
  Path data;

  @Test
  void firstStart_createsThePrivateKey0600InA0700Directory_andLaterStartsReuseIt()
      throws IOException {
    Path dir = data.resolve("signing");

    HubSigningKey first = HubSigningKey.openOrCreate(dir, 1_000);
    HubSigningKey second = HubSigningKey.openOrCreate(dir, 2_000);

    assertEquals("rwx------", mode(dir));
    assertEquals("rw-------", mode(dir.resolve(HubSigningKey.PRIVATE_FILE)));
    assertEquals(first.kid(), second.kid());
    assertArrayEquals(first.keys().getPrivate().getEncoded(),
        second.keys().getPrivate().getEncoded());
    assertEquals(first.kid(), SigningKeys.keyId(SigningKeys.parsePublicPem(
        Files.readString(first.publicKeyFile()))));
    assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".tmp")));
  }

  @Test
  void epochGrowsWithEveryStart_evenWhenTheClockStepsBack() throws IOException {
    Path dir = data.resolve("signing");

    long a = HubSigningKey.openOrCreate(dir, 5_000).epoch();
    long b = HubSigningKey.openOrCreate(dir, 4_000).epoch(); // clock stepped back
    long c = HubSigningKey.openOrCreate(dir, 9_000).epoch();

    assertEquals(List.of(5_000L, 5_001L, 9_000L), List.of(a, b, c));
  }

  @Test
  void loosenedPermissionsAreTightenedAtStart() throws IOException {
    Path dir = data.resolve("signing");
    HubSigningKey.openOrCreate(dir, 1);
    Files.setPosixFilePermissions(dir.resolve(HubSigningKey.PRIVATE_FILE),
        PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    HubSigningKey.openOrCreate(dir, 2);

    assertEquals("rw-------", mode(dir.resolve(HubSigningKey.PRIVATE_FILE)));
    assertEquals("rwx------", mode(dir));
  }

  @Test
  void anUnreadableKeyStopsTheStart_ratherThanSilentlyReplacingTheKeyDevicesPinned()
      throws IOException {
    Path dir = data.resolve("signing");
    HubSigningKey.openOrCreate(dir, 1);
    Files.writeString(dir.resolve(HubSigningKey.PRIVATE_FILE), "garbage");

    IOException e = assertThrows(IOException.class, () -> HubSigningKey.openOrCreate(dir, 2));
    assertTrue(e.getMessage().contains("re-register"), e.getMessage());
    assertEquals("garbage", Files.readString(dir.resolve(HubSigningKey.PRIVATE_FILE)));
  }

  @Test
  void signerOutput_verifiesWithThePublishedKey_commandsCarryAGrowingSequence()
      throws IOException {
    HubSigningKey key = HubSigningKey.openOrCreate(data.resolve("signing"), 77);
    HubSigner signer = new HubSigner(key, MessageCodec.DEFAULT_MAX_BYTES);
    EnvelopeVerifier v = new EnvelopeVerifier(SigningKeys.parsePublicPem(key.publicPem()),
        new MessageCodec());

    var a = assertInstanceOf(Verification.Verified.class, v.verify(signer.assignment(
        new Assignment("d1", 4, List.of()), 10), Topics.ASSIGNMENT, "d1", Assignment.class));
    var c1 = assertInstanceOf(Verification.Verified.class, v.verify(signer.command(
        DeviceCommand.of("d1", DeviceCommand.RESTART, null, "t"), 11), Topics.COMMANDS, "d1",
        DeviceCommand.class));
    var c2 = assertInstanceOf(Verification.Verified.class, v.verify(signer.command(
        DeviceCommand.of("d2", DeviceCommand.RESTART, null, "t"), 12), Topics.COMMANDS, "d2",
        DeviceCommand.class));

    assertEquals(List.of(77L, 77L, 77L), List.of(a.epoch(), c1.epoch(), c2.epoch()));
    assertEquals(List.of(0L, 1L, 2L), List.of(a.seq(), c1.seq(), c2.seq()));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
