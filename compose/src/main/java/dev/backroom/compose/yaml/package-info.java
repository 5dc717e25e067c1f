/**
 * Compose YAML to a plain tree: SnakeYAML Engine parses, this package adds merge keys and
 * refuses duplicate keys.
 */
package dev.backroom.compose.yaml;
