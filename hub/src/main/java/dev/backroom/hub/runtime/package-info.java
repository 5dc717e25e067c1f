/** The only loop that does I/O: read desired and observed state, compute, apply, publish. */
package dev.backroom.hub.runtime;
