package dev.backroom.config.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backroom.config.model.TaskDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the one table honest: against the ECS model (every field has a row, no row invents an ECS
 * field), against the records (what is honoured or accepted is stored), and against the docs.
 */
class EcsFieldsTest {
  static final Path DOC = Path.of("..", "docs", "ecs-task-definitions.md");

  static List<String> ecsModel() throws IOException {
    try (InputStream in = EcsFieldsTest.class.getResourceAsStream(
        "/ecs/register-task-definition-input.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
  }

  /** The row deciding {@code path}: its own, or that of a REFUSED ancestor. */
  static Optional<EcsFields.Field> decidingRow(String path) {
    String p = path;
    while (true) {
      Optional<EcsFields.Field> f = EcsFields.field(p);
      if (f.isPresent() && (p.equals(path) || f.get().treatment() == EcsFields.Treatment.REFUSED)) {
        return f;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.endsWith("[]") ? p.length() - 2 : -1);
      if (cut <= 0) {
        return Optional.empty();
      }
      p = p.substring(0, cut);
    }
  }

  @Test
  void everyFieldOfTheEcsModel_hasARow() throws IOException {
    List<String> missing = ecsModel().stream().filter(p -> decidingRow(p).isEmpty()).toList();

    assertEquals(List.of(), missing, "ECS fields without a row in EcsFields");
  }

  @Test
  void everyEcsRow_isAFieldOfTheEcsModel() throws IOException {
    Set<String> model = Set.copyOf(ecsModel());
    List<String> invented = EcsFields.fields().stream().filter(EcsFields.Field::ecs)
        .map(EcsFields.Field::path).filter(p -> !model.contains(p)).toList();

    assertEquals(List.of(), invented, "rows marked as ECS fields that ECS does not have");
  }

  @Test
  void everyRow_saysWhatBackroomDoes_andEveryRefusalWhatToDoInstead() {
    List<String> weak = new ArrayList<>();
    for (EcsFields.Field f : EcsFields.fields()) {
      String r = f.backroom();
      boolean advises = r.contains("use ") || r.contains("leave it out") || r.contains("set ")
          || r.contains("instead") || r.contains("put the");
      if (r.isBlank() || (f.treatment() == EcsFields.Treatment.REFUSED && !advises)) {
        weak.add(f.path());
      }
    }
    assertEquals(List.of(), weak, "rows without a useful reason");
  }

  /** Honoured and accepted fields must be record components, or the store would drop them. */
  @Test
  void everyHonouredOrAcceptedRow_isKeptByTheRecords() {
    List<String> dropped = new ArrayList<>();
    for (EcsFields.Field f : EcsFields.fields()) {
      if (f.treatment() != EcsFields.Treatment.REFUSED && !isComponent(f.path())) {
        dropped.add(f.path());
      }
    }
    assertEquals(List.of(), dropped, "rows the records would not store");
  }

  private static boolean isComponent(String path) {
    Type type = TaskDefinition.class;
    for (String segment : path.split("\\.")) {
      Class<?> c = elementClass(type);
      if (!c.isRecord()) {
        return false;
      }
      String name = segment.replace("[]", "");
      RecordComponent rc = null;
      for (RecordComponent r : c.getRecordComponents()) {
        if (r.getName().equals(name)) {
          rc = r;
        }
      }
      if (rc == null) {
        return false;
      }
      type = rc.getGenericType();
    }
    return true;
  }

  private static Class<?> elementClass(Type t) {
    if (t instanceof ParameterizedType pt) {
      return elementClass(pt.getActualTypeArguments()[0]);
    }
    return (Class<?>) t;
  }

  /**
   * The doc's table is the generated one. To regenerate after changing EcsFields, run this test
   * with {@code -Decs.docs.write=true}.
   */
  @Test
  void docTable_matchesTheCode() throws IOException {
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(EcsFieldsDoc.BEGIN);
    int end = doc.indexOf(EcsFieldsDoc.END);
    if (begin < 0 || end < begin) {
      fail(DOC + " lacks the generated section markers");
    }
    String current = doc.substring(begin, end + EcsFieldsDoc.END.length());
    String expected = EcsFieldsDoc.tables();
    if (Boolean.getBoolean("ecs.docs.write") && !current.equals(expected)) {
      Files.writeString(DOC, doc.replace(current, expected));
      return;
    }
    assertEquals(expected, current, DOC + " disagrees with EcsFields; rerun this test with"
        + " -Decs.docs.write=true and review the diff");
  }

  @Test
  void docRows_andCodeRows_areTheSameFields() throws IOException {
    Set<String> inDoc = Files.readString(DOC).lines()
        .filter(l -> l.startsWith("| `")).map(l -> l.substring(3, l.indexOf('`', 3)))
        .collect(Collectors.toSet());
    Set<String> inCode = EcsFields.fields().stream().map(EcsFields.Field::path)
        .collect(Collectors.toCollection(HashSet::new));
    inCode.addAll(EcsFields.refusedValues().stream().map(EcsFields.RefusedValue::path).toList());

    assertEquals(inCode, inDoc);
  }
}
