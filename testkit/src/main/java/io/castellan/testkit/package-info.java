/** Castellan testkit module. */
package io.castellan.testkit;
