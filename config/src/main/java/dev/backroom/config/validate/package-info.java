/** Validation that reports every violation at once, each with its JSON path and a plain reason. */
package dev.backroom.config.validate;
