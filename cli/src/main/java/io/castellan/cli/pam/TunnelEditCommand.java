package io.castellan.cli.pam;

import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.tunnel.TunnelTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan pam tunnel edit UID --enable-tunneling|--disable-tunneling}: the record-level tunneling switch
 * (KeeperPAM's resource "tunneling enabled"; Keeper Commander's option names). Off until turned on; needs edit rights
 * on the record and {@code ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS}.
 */
@Command(name = "edit", description = "Turn tunneling to a pamMachine, pamDatabase or pamDirectory record on or off"
        + " (off until turned on).")
final class TunnelEditCommand extends PamSubcommand {

    @Parameters(index = "0", paramLabel = "UID", description = "The resource record (UID or FOLDER/TITLE).")
    String record;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Switch onOff;

    static final class Switch {
        @Option(names = "--enable-tunneling", required = true, description = "Allow tunnels to the record.")
        boolean enable;

        @Option(names = "--disable-tunneling", required = true,
                description = "Refuse new tunnels to the record and close running ones.")
        boolean disable;
    }

    @Override
    protected int execute() {
        VaultClient client = client();
        String uid;
        try (Vault vault = open(client)) {
            VaultRecord r = vault.resolveRecord(record);
            if (!TunnelTarget.TYPES.contains(r.type())) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, record + ": tunnels go to pamMachine,"
                        + " pamDatabase or pamDirectory records, not to a " + r.type());
            }
            uid = r.uid();
        }
        boolean enabled = onOff.enable;
        client.tunnels().setTunneling(uid, enabled);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(Printer.object().put("recordUid", uid).put("tunneling", enabled));
        } else {
            printer.line("tunneling " + (enabled ? "enabled" : "disabled") + " on " + uid);
        }
        return 0;
    }
}
