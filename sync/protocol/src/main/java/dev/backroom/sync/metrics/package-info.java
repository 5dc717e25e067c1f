/** Names of the sync metrics and the hook through which the client reports bytes moved. */
package dev.backroom.sync.metrics;
