/**
 * Compose's variable interpolation and its dotenv file syntax, as the Compose Specification
 * defines them.
 */
package dev.backroom.compose.interpolate;
