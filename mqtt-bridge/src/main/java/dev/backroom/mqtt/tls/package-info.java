/** TLS for the store's links: trusting only the store CA, by file or by fingerprint pin. */
package dev.backroom.mqtt.tls;
