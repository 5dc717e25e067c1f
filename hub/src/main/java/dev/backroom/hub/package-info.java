/** The store hub: Backroom's local control plane, one per store, offline by default. */
package dev.backroom.hub;
