package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How {@link ApiTable} reads the first cell of a row of docs/api.md's REST table. */
class ApiTableTest {
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "`GET /devices`; GET /api/v1/devices",
      "`GET/PUT/DELETE /services/{serviceName}`; DELETE /api/v1/services/{} GET /api/v1/services/{} PUT /api/v1/services/{}",
      "`GET /task-definitions/{family[:revision]}`; GET /api/v1/task-definitions/{}",
      "`GET /tasks[?desiredStatus=RUNNING\\|STOPPED]`; GET /api/v1/tasks",
      "`POST /compose?project=NAME[&dryRun=true]`; POST /api/v1/compose",
      "`POST /tasks/{id}/stop` `{\"reason\":\"..\"}`; POST /api/v1/tasks/{}/stop",
      "`POST /login` (form), `POST /api/v1/login` (`{username}`); POST /api/v1/login POST /login",
      "`GET /q/metrics`, `POST /logout`; GET /q/metrics POST /logout",
      "`/drain`, `get /x`, `GET devices`; ",
  })
  void firstCell_namesItsRoutes(String cell, String expected) {
    Set<String> want = new TreeSet<>();
    if (expected != null) {
      for (String[] pair : pairs(expected.split(" "))) {
        want.add(pair[0] + " " + pair[1]);
      }
    }
    assertEquals(want, ApiTable.routesOfCell(cell), cell);
  }

  @Test
  void aDocumentWithoutTheTable_isAnError() {
    assertThrows(IllegalStateException.class, () -> ApiTable.routes("# no table here\n"));
  }

  private static java.util.List<String[]> pairs(String[] words) {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < words.length; i += 2) {
      out.add(new String[] {words[i], words[i + 1]});
    }
    return out;
  }
}
