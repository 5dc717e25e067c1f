package dev.backroom.hub.core.archfixture;

import dev.backroom.hub.archfixture.HubAppClass;
import java.sql.Connection;
import java.sql.SQLException;

/** What hub-core must never contain: a decision that reads the database and the hub app. */
public final class ReachesOut {
  public static int decide(Connection db) throws SQLException {
    return db.isClosed() ? 0 : HubAppClass.value();
  }
}
