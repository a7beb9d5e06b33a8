package io.castellan.server.account;

import io.castellan.server.api.ApiRegistry;
import io.castellan.server.api.ApiRegistry.Access;

/** Registers the "Accounts and sessions" commands of docs/api.md. */
public final class AccountApi {

    private AccountApi() {
    }

    public static void register(ApiRegistry registry, AccountContext ctx) {
        registry.register("login_start", Access.ANONYMOUS, new LoginStartCommand(ctx));
        registry.register("login", Access.ANONYMOUS, new LoginCommand(ctx));
        registry.register("register", Access.ANONYMOUS, new RegisterCommand(ctx));
        registry.register("logout", Access.SESSION, new LogoutCommand(ctx));
        registry.register("whoami", Access.SESSION, new WhoAmICommand(ctx));
        registry.register("totp_setup", Access.SESSION, new TotpSetupCommand(ctx));
        registry.register("totp_confirm", Access.SESSION, new TotpConfirmCommand(ctx));
        registry.register("public_key", Access.SESSION, new PublicKeyCommand(ctx));
    }
}
