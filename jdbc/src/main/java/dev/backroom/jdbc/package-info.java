/** Plain JDBC shared by the hub and the cloud: bound parameters only, per-thread transactions. */
package dev.backroom.jdbc;
