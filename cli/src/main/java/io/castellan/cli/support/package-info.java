/**
 * What every user-facing command shares: the global options mixin ({@code --server}, {@code --config},
 * {@code --ca-file}, {@code --format}), building a {@link io.castellan.client.VaultClient} from them, reading the
 * master password without putting it in argv, and printing plain aligned tables or JSON.
 */
package io.castellan.cli.support;
