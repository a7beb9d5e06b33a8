/** Owner-only, atomic file writes and PEM encoding for key material in the data directory. */
package io.castellan.server.files;
