/** Activations and enrolment: exchanging a one-time code for a store credential. */
package dev.backroom.cloud.enroll;
