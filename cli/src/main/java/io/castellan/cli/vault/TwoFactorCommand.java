package io.castellan.cli.vault;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.api.TotpEnrolment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan 2fa add} / {@code castellan 2fa confirm CODE}: time-based one-time codes (RFC 6238) for the
 * signed-in user. {@code add} shows the secret once; login asks for a code only after {@code confirm} proves the
 * authenticator has it, so a mistyped secret cannot lock the user out.
 */
@Command(name = "2fa", description = "Two-factor authentication (TOTP) for your account.",
        subcommands = {TwoFactorCommand.Add.class, TwoFactorCommand.Confirm.class})
public final class TwoFactorCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code 2fa add}. */
    @Command(name = "add", description = "Start TOTP enrolment: prints the secret for your authenticator app.")
    static final class Add extends CastellanSubcommand {
        @Override
        protected int execute() {
            TotpEnrolment enrolment = context().client().session().setupTotp();
            Printer printer = printer();
            if (printer.json()) {
                printer.json(Printer.object().put("secret", enrolment.secret())
                        .put("otpauthUri", enrolment.otpauthUri()));
            } else {
                printer.line(enrolment.otpauthUri());
                printer.note("Add this secret to your authenticator app (" + enrolment.secret().length()
                        + " base32 characters, shown above inside the otpauth URI), then run:"
                        + " castellan 2fa confirm CODE");
            }
            return 0;
        }
    }

    /** {@code 2fa confirm CODE}. */
    @Command(name = "confirm", description = "Finish TOTP enrolment with a current code; login then needs a code.")
    static final class Confirm extends CastellanSubcommand {
        @Parameters(paramLabel = "CODE", description = "The 6-digit code your authenticator shows now.")
        String code;

        @Override
        protected int execute() {
            context().client().session().confirmTotp(code.strip());
            printer().line("Two-factor authentication is on: 'castellan login' will ask for a code (or --totp CODE).");
            return 0;
        }
    }
}
