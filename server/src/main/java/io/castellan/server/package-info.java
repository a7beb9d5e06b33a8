/** Castellan server module. */
package io.castellan.server;
