/** The agent's boundary to a container engine: one interface, bindings in sub-packages. */
package dev.backroom.agent.runtime;
