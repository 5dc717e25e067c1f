/** The Compose-key-by-key mapping onto config's ECS records, and how services group into tasks. */
package dev.backroom.compose.convert;
