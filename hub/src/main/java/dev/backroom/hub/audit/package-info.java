/** The audit log: every mutating HTTP request with who, what, when, from where and its outcome. */
package dev.backroom.hub.audit;
