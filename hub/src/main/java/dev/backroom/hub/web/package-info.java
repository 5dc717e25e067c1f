/**
 * Web plumbing below every feature: the raw-path guard in front of all routes and the
 * Prometheus scrape behind the hub's role check.
 */
package dev.backroom.hub.web;
