/** Castellan model module. */
package io.castellan.model;
