/** The agent's crash-safe local cache of its last accepted assignment. */
package dev.backroom.agent.state;
