/** The store-local CA, the hub's server certificate, and TLS on the hub's listeners. */
package dev.backroom.hub.tls;
