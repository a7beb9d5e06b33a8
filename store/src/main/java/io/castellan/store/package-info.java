/** Castellan store module. */
package io.castellan.store;
