/** The store's event log: every decision and operator action, with who, why and where from. */
package dev.backroom.hub.events;
