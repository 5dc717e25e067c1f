/**
 * What every Backroom HTTP app checks before routing and authentication: the raw request target
 * ({@link dev.backroom.httpguard.PathGuardRoute}) and the declared body length ({@link
 * dev.backroom.httpguard.BodyLimitRoute}).
 */
package dev.backroom.httpguard;
