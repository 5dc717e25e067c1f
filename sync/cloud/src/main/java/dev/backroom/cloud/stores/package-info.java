/** The store registry: ids, labels, revisions, sequences and the operator API over it. */
package dev.backroom.cloud.stores;
