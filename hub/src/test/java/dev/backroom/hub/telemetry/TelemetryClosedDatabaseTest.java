package dev.backroom.hub.telemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.store.StorageHealth;
import dev.backroom.jdbc.StorageFailure;
import dev.backroom.sync.outbox.StreamPolicy;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry writer, batch cutter and listener on H2 behind an Agroal pool, as the hub runs
 * them, when H2 closes its database in the middle of the cutter's transaction: the cutter has
 * read the outbox, another session's write is refused by a full disk ({@link FillableFilePath}),
 * and the cutter's insert then fails. Replays, deterministically, what FullDiskIT met about 3
 * runs in 7: the cutter's rollback corrupted H2's version count, the pool's autocommit reset of
 * that connection spun for ever on the writer thread, and no telemetry was acknowledged again
 * until a restart. Verifies that the cut fails as a storage failure, that the listener refuses
 * connections as server unavailable (CONNACK 3) while publishes cannot be stored, and that once
 * the disk has room a new connection's messages are acknowledged and cut into a batch.
 */
class TelemetryClosedDatabaseTest {
  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private AgroalDataSource pool;
  private OutboxWriter writer;
  private TelemetryListener listener;

  @AfterEach
  void stop() throws Exception {
    FillableFilePath.free();
    if (listener != null) {
      listener.stop();
    }
    if (writer != null) {
      writer.stop();
    }
    if (pool != null) {
      // Bounded: a writer spinning in H2 would hold its connection's lock, which close() awaits.
      CompletableFuture.runAsync(pool::close).get(10, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void databaseClosedInTheCuttersTransaction_refusedWhileFull_flowsAgainOnceFreed()
      throws Exception {
    FillableFilePath.register();
    String url = "jdbc:h2:fillable:" + dir.resolve("hub") + ";WRITE_DELAY=0";
    JdbcDataSource direct = new JdbcDataSource();
    direct.setURL(url);
    direct.setUser("backroom");
    direct.setPassword("");
    Flyway.configure().dataSource(direct).locations("classpath:db/migration").load().migrate();
    try (Connection c = direct.getConnection(); Statement s = c.createStatement()) {
      s.execute("create table disk_probe (id int)");
    }
    // As application.properties configures the hub's pool: checked with SELECT 1 on borrow.
    pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(p -> p.maxSize(8).validateOnBorrow(true)
            .connectionValidator(ConnectionValidator.sqlValidator("SELECT 1", 2))
            .connectionFactoryConfiguration(f -> f.jdbcUrl(url)
                .principal(new NamePrincipal("backroom")).credential(new SimplePassword("")))));
    OutboxLedger ledger = new OutboxLedger();
    TelemetryMetrics metrics = new TelemetryMetrics(new SimpleMeterRegistry(), ledger);
    writer = new OutboxWriter(pool, Clock.systemUTC(), StreamPolicy.Table.DEFAULTS, 1L << 30,
        1_000, ledger, metrics, 10_000, 40_000, new StorageHealth(Clock.systemUTC()));
    writer.start();
    listener = new TelemetryListener(vertx, "127.0.0.1", 0, 1024, TelemetryAuth.ACCEPT_ALL,
        writer, metrics);
    int port = listener.start();

    try (Connection other = direct.getConnection(); Connection idle = direct.getConnection()) {
      AtomicReference<SQLException> refused = new AtomicReference<>();
      BatchCutter cutter = new BatchCutter(beforeBatchInsert(pool, () -> {
        FillableFilePath.fill();
        try (Statement s = other.createStatement()) {
          s.executeUpdate("insert into disk_probe (id) values (1)");
        } catch (SQLException e) {
          refused.set(e); // the disk refused it: H2 closes the database
        }
        // What the pool does with a connection its validation finds dead; it also takes the
        // error H2 keeps for the next commit or rollback, as such a close did in the hub.
        try {
          idle.close();
        } catch (SQLException e) {
          // H2 reports the failed write here too; the session is gone all the same
        }
      }), Clock.systemUTC(), ledger, 100, 1 << 20, 1);

      for (int i = 1; i <= 5; i++) {
        assertTrue(publishAcknowledged(port, "m" + i), "acknowledged before the disk filled");
      }
      ExecutionException cut = assertThrows(ExecutionException.class,
          () -> writer.submit(cutter::pendingOrCut).get(20, TimeUnit.SECONDS),
          "the cut ends (the writer thread spun in H2 for ever)");
      assertTrue(StorageFailure.of(cut.getCause()).isPresent(),
          "the cut failed as a storage failure: " + cut.getCause());
      // With assertions on, H2 reports the count it corrupted instead of spinning on it:
      // AssertionError "v=N / cnt=0" from MVStore.registerVersionUsage, when the pool reset the
      // connection after the rollback.
      assertEquals(List.of(), Arrays.stream(cut.getCause().getSuppressed())
          .filter(t -> t instanceof Error).toList(), "H2 kept its version count");
      assertEquals(Optional.of(StorageFailure.FULL), StorageFailure.of(refused.get()),
          "the other session's write was refused: " + refused.get());

      // While publishes cannot be stored, new connections are refused as server unavailable.
      await("a connect refused with CONNACK 3").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100)).until(() -> refusedAsUnavailable(port));

      FillableFilePath.free();
      await("a QoS 1 message acknowledged again").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).until(() -> publishAcknowledged(port, "after"));
      Optional<OutboxStore.Pending> batch = writer.submit(cutter::pendingOrCut)
          .get(20, TimeUnit.SECONDS);
      assertTrue(batch.isPresent() && batch.get().messages() >= 6,
          "the five messages from before and the one after cut into a batch: " + batch);
    }
  }

  /** Connects with a fresh client id and publishes one QoS 1 message; true once its PUBACK came. */
  private static boolean publishAcknowledged(int port, String payload) {
    MqttClient client;
    try {
      client = connect(port);
    } catch (MqttException e) {
      return false;
    }
    try {
      client.publish("backroom/v1/telemetry/closed-db", payload.getBytes(), 1, false);
      return true;
    } catch (MqttException e) {
      return false;
    } finally {
      drop(client);
    }
  }

  /**
   * Tries a connection: true when refused as server unavailable; when accepted, publishes once
   * (the writer fails it while the disk is full, which closes the connection) and says false.
   */
  private static boolean refusedAsUnavailable(int port) {
    MqttClient client;
    try {
      client = connect(port);
    } catch (MqttException e) {
      return e.getReasonCode() == MqttException.REASON_CODE_BROKER_UNAVAILABLE;
    }
    try {
      client.publish("backroom/v1/telemetry/closed-db", "while-full".getBytes(), 1, false);
    } catch (MqttException e) {
      // not stored: the writer closed the connection
    } finally {
      drop(client);
    }
    return false;
  }

  private static MqttClient connect(int port) throws MqttException {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + port,
        "closed-db-" + System.nanoTime(), new MemoryPersistence());
    client.setTimeToWait(5_000);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setConnectionTimeout(5);
    // Only 3.1.1: by default Paho tries 3.1 after a refused 3.1.1 connect.
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    try {
      client.connect(o);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return client;
  }

  private static void drop(MqttClient client) {
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 1_000);
      }
      client.close(true);
    } catch (MqttException e) {
      // gone already
    }
  }

  /**
   * The pool, except that on the first insert of a cut batch {@code before} runs first: in the
   * cutter's transaction, after its reads.
   */
  private static DataSource beforeBatchInsert(DataSource pool, Runnable before) {
    AtomicBoolean armed = new AtomicBoolean(true);
    ClassLoader loader = TelemetryClosedDatabaseTest.class.getClassLoader();
    return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = call(method, pool, args);
          if (!(result instanceof Connection c)) {
            return result;
          }
          return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class},
              (cp, m, a) -> {
                if (m.getName().equals("prepareStatement") && a[0] instanceof String sql
                    && sql.startsWith("insert into telemetry_pending") && armed.getAndSet(false)) {
                  before.run();
                }
                return call(m, c, a);
              });
        });
  }

  private static Object call(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
