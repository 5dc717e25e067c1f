package dev.backroom.sync.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.sync.wire.WireFormatException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GzipTest {
  static Stream<Long> seeds() {
    return new Random(31L).longs(20).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void compressed_inflatesBackExactly(long seed) {
    Random r = new Random(seed);
    byte[] data = new byte[r.nextInt(100_000)];
    r.nextBytes(data);
    assertArrayEquals(data, Gzip.decompress(Gzip.compress(data), data.length));
  }

  @Test
  void bomb_isRefusedAtTheLimit() {
    byte[] zeros = new byte[5_000_000];
    byte[] small = Gzip.compress(zeros);
    assertTrue(small.length < 20_000);
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> Gzip.decompress(small, 1_000_000));
    assertTrue(e.getMessage().contains("beyond 1000000 bytes"), e.getMessage());
  }

  @Test
  void notGzip_isRefusedWithReason() {
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> Gzip.decompress("{\"sequence\":1}".getBytes(), 1000));
    assertTrue(e.getMessage().contains("not valid gzip"), e.getMessage());
  }
}
