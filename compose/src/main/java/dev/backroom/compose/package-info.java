/**
 * Compose file in, Backroom desired state out: {@link dev.backroom.compose.ComposeConverter}
 * turns a Compose Specification file into config's task definitions and services, or into the
 * complete list of refusals, never both. Pure: no file, network or clock.
 */
package dev.backroom.compose;
