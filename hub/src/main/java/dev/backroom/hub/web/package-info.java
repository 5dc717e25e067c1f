/**
 * Web plumbing below every feature: the raw-path guard in front of all routes, the security
 * headers every answer carries, how long browsers keep the UI's assets, WebSocket error closes,
 * and the Prometheus scrape behind the hub's role check.
 */
package dev.backroom.hub.web;
