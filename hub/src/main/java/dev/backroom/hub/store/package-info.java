/** Persistence of desired and reported state in the hub's H2 database, parameterised JDBC only. */
package dev.backroom.hub.store;
