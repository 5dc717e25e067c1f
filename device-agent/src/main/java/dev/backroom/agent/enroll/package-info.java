/** Enrolment with the hub: the register command and the device credential file it writes. */
package dev.backroom.agent.enroll;
