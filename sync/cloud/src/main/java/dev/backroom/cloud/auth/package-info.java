/** Bearer authentication: the operator's admin token and store credentials, bound by annotation. */
package dev.backroom.cloud.auth;
