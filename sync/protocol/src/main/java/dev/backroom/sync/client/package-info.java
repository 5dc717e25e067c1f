/** The hub's HTTP client for the cloud endpoint and its retry backoff. */
package dev.backroom.sync.client;
