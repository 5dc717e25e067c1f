package dev.backroom.agent.state;

import static dev.backroom.agent.reconcile.Fixtures.at;
import static dev.backroom.agent.reconcile.Fixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.reconcile.RestartRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartBookStoreTest {
  @TempDir
  Path dir;

  @Test
  void nothingStored_loadsEmpty() {
    assertEquals(Map.of(), new RestartBookStore(dir.resolve("fresh")).load());
  }

  @Test
  void savedBook_loadsBackEqual_inANewStore_andLeavesNoTempFiles() throws IOException {
    Map<ContainerKey, RestartRecord> book = Map.of(
        key("t1", "web"), new RestartRecord("h1", 3, 2, at(-1.5), null),
        key("t1", "side"), new RestartRecord("h1", 0, 1, at(-0.25), "image x is not present"),
        key("t2", "db"), new RestartRecord("h2", 1, 0, null, null),
        key("t3", "app"), new RestartRecord("h3", 1, 0, at(-2), null, 4, 137));
    RestartBookStore store = new RestartBookStore(dir.resolve("agent"));
    store.save(Map.of(key("t9", "old"), new RestartRecord("h9", 9, 9, at(0), null)));
    store.save(book);
    assertEquals(book, new RestartBookStore(dir.resolve("agent")).load());
    try (Stream<Path> files = Files.list(dir.resolve("agent"))) {
      assertEquals(List.of(RestartBookStore.FILE_NAME),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aBookFromBeforeEarlierRestartsWereKept_readsThemAsNone() throws IOException {
    RestartBookStore store = new RestartBookStore(dir);
    Files.writeString(store.file(), "{\"version\":1,\"containers\":[{\"taskId\":\"t1\","
        + "\"container\":\"web\",\"specHash\":\"h1\",\"restarts\":2,\"streak\":0}]}");
    assertEquals(Map.of(key("t1", "web"), new RestartRecord("h1", 2, 0, null, null, 0, null)),
        store.load());
  }

  @Test
  void equalBooks_giveEqualBytes() throws IOException {
    RestartBookStore store = new RestartBookStore(dir);
    RestartRecord r = new RestartRecord("h1", 1, 1, at(0), null);
    store.save(Map.of(key("a", "x"), r, key("b", "y"), r));
    String first = Files.readString(store.file());
    store.save(Map.of(key("b", "y"), r, key("a", "x"), r));
    assertEquals(first, Files.readString(store.file()));
  }

  @Test
  void corruptFile_loadsEmpty_andIsKeptAside() throws IOException {
    RestartBookStore store = new RestartBookStore(dir);
    Files.writeString(store.file(), "{\"version\":1,\"containers\":[{\"taskId\":");
    assertEquals(Map.of(), store.load());
    assertTrue(Files.exists(dir.resolve(RestartBookStore.FILE_NAME + ".corrupt")));
  }

  @Test
  void unknownVersion_loadsEmpty() throws IOException {
    RestartBookStore store = new RestartBookStore(dir);
    Files.writeString(store.file(), "{\"version\":99,\"containers\":[]}");
    assertEquals(Map.of(), store.load());
  }
}
