/**
 * Web plumbing below every feature: the JSON error body ({@link dev.backroom.hub.web.ApiError})
 * and the mappers and routes that give every refusal one, the REST layer's Jackson settings, the
 * operator action's request record, who a request acts as ({@code Caller}, {@code Roles}) and
 * the login challenge, the raw-path guard in front of all routes, the security headers every
 * answer carries, how long browsers keep the UI's assets, WebSocket error closes, and the
 * Prometheus scrape behind the hub's role check.
 */
package dev.backroom.hub.web;
