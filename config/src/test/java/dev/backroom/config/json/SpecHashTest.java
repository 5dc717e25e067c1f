package dev.backroom.config.json;

import static dev.backroom.config.Fixtures.taskDef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecHashTest {

  @Test
  void sameSpecUnderDifferentRevisions_hasTheSameHash() {
    TaskDefinition td = taskDef().app(c -> c.command("serve")).build();

    assertEquals(SpecHash.of(td.withRevision(1)), SpecHash.of(td.withRevision(7)));
    assertEquals(SpecHash.of(td), SpecHash.of(taskDef().app(c -> c.command("serve")).build()));
  }

  @Test
  void differentCommand_changesTheHash() {
    TaskDefinition td = taskDef().app(c -> c.command("serve")).build();
    TaskDefinition changed = td.withContainers(
        List.of(td.containers().get(0).withCommand(List.of("serve", "--debug"))));

    assertNotEquals(SpecHash.of(td), SpecHash.of(changed));
  }

  @Test
  void differentImage_changesTheHash() {
    assertNotEquals(SpecHash.of(taskDef().build()),
        SpecHash.of(taskDef().app(c -> c.image("busybox:1.37")).build()));
  }

  @Test
  void hash_isSixteenLowercaseHexDigits() {
    assertTrue(SpecHash.of(taskDef().build()).matches("[0-9a-f]{16}"));
  }

  /** Verifies that a spec read back from its own JSON keeps its hash, as the agent relies on. */
  @Test
  void specReadBackFromJson_keepsItsHash() {
    TaskDefinition td = taskDef().volume("d", "/d").app(c -> c.mount("d", "/d").essential(false))
        .container(dev.backroom.config.Fixtures.container("b")).build();

    assertEquals(SpecHash.of(td), SpecHash.of(Json.read(Json.write(td), TaskDefinition.class)));
  }
}
