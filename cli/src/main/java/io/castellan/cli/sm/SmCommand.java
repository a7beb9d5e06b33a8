package io.castellan.cli.sm;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.Apps;
import io.castellan.client.vault.Vault;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Base of the {@code secrets-manager} commands: the session, the unlocked keys, the decrypted applications. */
abstract class SmCommand extends CastellanSubcommand {

    /** @return the client for the stored session */
    protected VaultClient client() {
        return context().client();
    }

    /** @return the user's unlocked keys; close them when done */
    protected UserKeyring unlock(VaultClient client) {
        return client.session().unlock(client.config());
    }

    /** @return the decrypted vault; warnings about skipped entries go to standard error */
    protected Vault open(VaultClient client) {
        Vault vault = client.sync();
        vault.problems().forEach(printer()::warn);
        return vault;
    }

    /** @return the applications the user can see; warnings about skipped ones go to standard error */
    protected Apps apps(VaultClient client, UserKeyring keyring) {
        Apps apps = client.secretsManager().list(keyring);
        apps.problems().forEach(printer()::warn);
        return apps;
    }

    /** @return an instant to the second, or {@code absent} when null */
    static String time(Instant instant, String absent) {
        return instant == null ? absent : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** @return {@code null} or epoch milliseconds, for JSON output */
    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
