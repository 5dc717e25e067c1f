package dev.backroom.hub.broker.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * Every broker setup the hub can run with, each started once for the whole test JVM, on first
 * use, and stopped when the JVM exits. A setup that cannot start fails each test that uses it
 * with the reason (Mosquitto missing, say); none is skipped.
 */
final class Brokers {
  /** One setup, started on first use; a failure to start is kept and rethrown to every user. */
  static final class Setup implements Supplier<BrokerUnderTest> {
    private final String name;
    private final Supplier<BrokerUnderTest> starter;
    private BrokerUnderTest broker;
    private RuntimeException failure;

    Setup(String name, Supplier<BrokerUnderTest> starter) {
      this.name = name;
      this.starter = starter;
    }

    @Override
    public synchronized BrokerUnderTest get() {
      if (broker == null && failure == null) {
        try {
          broker = starter.get();
          BrokerUnderTest started = broker;
          Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop " + name));
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw new IllegalStateException(name + " could not be started: " + failure.getMessage(),
            failure);
      }
      return broker;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Setup> ALL = List.of(
      new Setup("operator-run Mosquitto", OperatorMosquitto::start),
      new Setup("hub-supervised Mosquitto, TLS (the default)",
          () -> SupervisedMosquitto.start(false, true)),
      new Setup("hub-supervised Mosquitto, plain", () -> SupervisedMosquitto.start(false, false)),
      new Setup("hub-supervised Mosquitto, anonymous shortcut",
          () -> SupervisedMosquitto.start(true, false)));

  private Brokers() {}

  /** A fresh directory for one broker's files, under target/ when run from the module. */
  static Path newDir(String prefix) {
    try {
      Path target = Path.of("target");
      return Files.isDirectory(target) ? Files.createTempDirectory(target, prefix)
          : Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The argument source of every conformance test. */
  static Stream<Named<Setup>> all() {
    return ALL.stream().map(s -> Named.of(s.toString(), s));
  }
}
