/** Device enrolment: activations, per-device broker credentials, revocation and their checks. */
package dev.backroom.hub.enrollment;
