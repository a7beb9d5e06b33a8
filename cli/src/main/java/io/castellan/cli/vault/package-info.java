/**
 * The vault commands of {@code castellan}, named and shaped after Keeper Commander: {@code login}, {@code logout},
 * {@code whoami}, {@code register}, {@code mkdir}, {@code rmdir}, {@code ls}, {@code tree}, {@code record-add},
 * {@code record-update}, {@code get}, {@code rm}, {@code mv}, {@code share-record}, {@code share-folder},
 * {@code record-history}, {@code upload-attachment}, {@code download-attachment}. All crypto happens in
 * {@code io.castellan.client}; these classes parse arguments and print results.
 */
package io.castellan.cli.vault;
