/** Castellan gateway module. */
package io.castellan.gateway;
