package dev.backroom.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ./backroom soak --help} answers from the launcher, without the soak jar or a build. */
class SoakCommandTest {
  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void help_printsTheSoaksArgumentsAndExits0(String flag) {
    StringWriter out = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(new StringWriter())).execute("soak", flag);
    assertEquals(0, exit, out.toString());
    assertTrue(out.toString().contains("[--minutes N] [--seed S] [--out FILE]"
        + " [--mode embedded|mosquitto]"), out.toString());
    assertTrue(out.toString().contains("2 a usage error"), out.toString());
  }
}
