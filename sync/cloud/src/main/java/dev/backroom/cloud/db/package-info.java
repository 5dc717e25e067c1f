/** Datasource choice (H2 or PostgreSQL at runtime), JDBC transactions and the fleet lock. */
package dev.backroom.cloud.db;
