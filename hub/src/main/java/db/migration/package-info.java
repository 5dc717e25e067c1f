/**
 * Flyway migrations that need Java (parsing stored JSON, computing digests); the SQL ones are in
 * {@code src/main/resources/db/migration}. Flyway runs both in version order.
 */
package db.migration;
