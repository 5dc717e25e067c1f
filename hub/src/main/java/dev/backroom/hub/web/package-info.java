/** Web plumbing every HTTP answer shares: security headers. */
package dev.backroom.hub.web;
