/** The enrolment command a store runs once to get its cloud identity. */
package dev.backroom.sync.enroll;
