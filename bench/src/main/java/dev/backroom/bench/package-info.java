/** Benchmarks that print their figures and a ratio against a baseline measured in the same run. */
package dev.backroom.bench;
