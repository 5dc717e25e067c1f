/** The agent's only I/O loop: observe the runtime, compute the pure diff, apply it, report status. */
package dev.backroom.agent.loop;
