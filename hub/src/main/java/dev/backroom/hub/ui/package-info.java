/**
 * The on-site troubleshooting UI served at {@code /}: Qute pages refreshed over server-sent
 * events, and the browser-to-device bridge for log tails and terminals (WebSocket to MQTT).
 */
package dev.backroom.hub.ui;
