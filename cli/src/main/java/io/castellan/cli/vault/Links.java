package io.castellan.cli.vault;

import io.castellan.cli.support.Printer;
import io.castellan.client.vault.RecordLink;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import java.util.ArrayList;
import java.util.List;

/** Resolves {@code --link UID|PATH} options to record links (a resource's administrative {@code pamUser}). */
final class Links {

    private Links() {
    }

    static List<RecordLink> resolve(Vault vault, List<String> targets, Printer printer) {
        List<RecordLink> links = new ArrayList<>();
        for (String target : targets) {
            VaultRecord linked = vault.resolveRecord(target);
            if (!"pamUser".equals(linked.type())) {
                printer.warn("linked record " + linked.uid() + " is a " + linked.type() + ", not a pamUser");
            }
            links.add(new RecordLink(linked.uid(), RecordLink.CREDENTIAL));
        }
        return links;
    }
}
