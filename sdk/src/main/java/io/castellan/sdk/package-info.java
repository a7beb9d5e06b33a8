/** Castellan sdk module. */
package io.castellan.sdk;
