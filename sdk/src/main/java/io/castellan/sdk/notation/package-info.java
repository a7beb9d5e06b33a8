/** Keeper notation ({@code keeper://UID/field/password}): the parser and its result. */
package io.castellan.sdk.notation;
