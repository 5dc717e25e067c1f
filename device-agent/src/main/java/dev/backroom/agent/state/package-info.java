/** The agent's crash-safe local state: its last accepted assignment and its restart book. */
package dev.backroom.agent.state;
