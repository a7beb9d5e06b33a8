package io.castellan.cli.vault;

import picocli.CommandLine;

/** Mounts the vault commands on the root {@code castellan} command. */
public final class VaultCommands {

    private VaultCommands() {
    }

    /** Adds every vault command to {@code root}. */
    public static void mount(CommandLine root) {
        for (Object command : new Object[] {new LoginCommand(), new LogoutCommand(), new WhoamiCommand(),
            new RegisterCommand(), new MkdirCommand(), new RmdirCommand(), new RndirCommand(), new LsCommand(),
            new TreeCommand(),
            new RecordAddCommand(), new RecordUpdateCommand(), new GetCommand(), new RmCommand(), new MvCommand(),
            new ShareRecordCommand(), new ShareFolderCommand(), new RecordHistoryCommand(),
            new UploadAttachmentCommand(), new DownloadAttachmentCommand(), new TwoFactorCommand()}) {
            root.addSubcommand(command);
        }
    }
}
