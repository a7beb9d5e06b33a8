/** Castellan cli module. */
package io.castellan.cli;
