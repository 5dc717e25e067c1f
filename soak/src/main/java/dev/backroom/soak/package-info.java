/** The fault soak: real processes under seeded random faults, invariants checked after each. */
package dev.backroom.soak;
