package dev.backroom.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.config.json.SpecReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Task-level cpu and memory in every form ECS accepts, stored as units and MiB as ECS does. */
class TaskSizeTest {

  @ParameterizedTest
  @CsvSource({"1024, 1024", "1 vCPU, 1024", "0.5 vcpu, 512", "2vCPU, 2048", "0.25 vCPU, 256"})
  void cpu(String text, int units) {
    assertEquals(units, TaskSize.cpuUnits(text));
  }

  @ParameterizedTest
  @CsvSource({"512, 512", "1 GB, 1024", "1GB, 1024", "0.5 gb, 512", "4 GB, 4096"})
  void memory(String text, int mib) {
    assertEquals(mib, TaskSize.memoryMiB(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "one", "1 TB", "1 MB", "-1", "1e3", "0.0001 GB", "9999999 GB"})
  void memory_refusesWhatECSDoesNotTake(String text) {
    assertThrows(IllegalArgumentException.class, () -> TaskSize.memoryMiB(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "\"cpu\": \"0.5 vCPU\", \"memory\": \"1 GB\"; 512; 1024",
      "\"cpu\": 256, \"memory\": 512; 256; 512",
      "\"cpu\": \"256\", \"memory\": \"512\"; 256; 512"})
  void registration_storesUnitsAndMiB(String fields, int cpu, int memory) {
    TaskDefinition td = SpecReader.taskDefinition("{\"family\": \"f\", " + fields
        + ", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"b\"}]}").value();

    assertEquals(cpu, td.cpu());
    assertEquals(memory, td.memory());
  }
}
