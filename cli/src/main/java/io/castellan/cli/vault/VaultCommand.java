package io.castellan.cli.vault;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.model.recordtype.RecordTypes;

/** Base of the commands that work on the decrypted vault: sync it, and report entries that did not decrypt. */
abstract class VaultCommand extends CastellanSubcommand {

    /** @return the client for the stored session */
    protected VaultClient client() {
        return context().client();
    }

    /** @return the decrypted vault; warnings about skipped entries go to standard error */
    protected Vault open(VaultClient client) {
        Vault vault = client.sync();
        vault.problems().forEach(printer()::warn);
        return vault;
    }

    /** @return the record type registry */
    protected static RecordTypes types() {
        return RecordTypes.builtIn();
    }
}
