/** Castellan crypto module. */
package io.castellan.crypto;
