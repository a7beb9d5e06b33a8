package io.castellan.client;

import io.castellan.client.api.AccountApi;
import io.castellan.client.api.ApiSession;
import io.castellan.client.api.AuditApi;
import io.castellan.client.api.AttachmentApi;
import io.castellan.client.api.EnterpriseApi;
import io.castellan.client.api.FolderApi;
import io.castellan.client.api.RecordApi;
import io.castellan.client.api.SessionApi;
import io.castellan.client.api.ShareApi;
import io.castellan.client.api.SignedIn;
import io.castellan.client.api.TeamAdminApi;
import io.castellan.client.api.Syncs;
import io.castellan.client.api.WhoAmI;
import io.castellan.client.config.CliConfig;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.DerivedKeys;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.SecretsManagerApi;
import io.castellan.client.transport.ApiTransport;
import io.castellan.client.vault.Vault;
import java.util.Objects;

/**
 * The entry point of the user-side client: one server (an {@link ApiTransport}) and, once logged in, one session
 * (from the {@link CliConfig}). Account operations need no session; everything else does and fails with
 * "not logged in" without one.
 *
 * <p>Typical use by a command that reads or changes the vault:
 * <pre>{@code
 * try (Vault vault = client.sync()) {          // unlock the keys, fetch and decrypt everything
 *     VaultRecord record = vault.resolveRecord("Servers/db01");
 *     client.records().update(record, changed, null);
 * }                                             // every key is wiped
 * }</pre>
 */
public final class VaultClient {

    private final ApiTransport transport;
    private final CliConfig config;

    /**
     * @param transport the server
     * @param config the stored session (may be {@link CliConfig#EMPTY})
     */
    public VaultClient(ApiTransport transport, CliConfig config) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.config = Objects.requireNonNull(config, "config");
    }

    public ApiTransport transport() {
        return transport;
    }

    public CliConfig config() {
        return config;
    }

    /** @return register and login */
    public AccountApi account() {
        return new AccountApi(transport);
    }

    /** {@code register}: see {@link AccountApi#register}. */
    public String register(String email, String inviteCode, AccountMaterial material) {
        return account().register(email, inviteCode, material);
    }

    /** {@code login_start} + {@code login} in one go (no TOTP retry): see {@link AccountApi}. */
    public SignedIn login(String email, char[] password, String totp) {
        try (DerivedKeys keys = account().prepareLogin(email, password)) {
            return account().login(email, keys, totp);
        }
    }

    /** @return whoami, logout and unlock for the stored session */
    public SessionApi session() {
        return new SessionApi(apiSession());
    }

    /** {@code whoami}. */
    public WhoAmI whoami() {
        return session().whoami();
    }

    /** {@code logout}. */
    public void logout() {
        session().logout();
    }

    /** @return the decrypted vault (unlock + {@code sync_down}); close it when done */
    public Vault sync() {
        return Syncs.sync(apiSession(), session().unlock(config));
    }

    public RecordApi records() {
        return new RecordApi(apiSession());
    }

    public FolderApi folders() {
        return new FolderApi(apiSession());
    }

    public ShareApi sharing() {
        return new ShareApi(apiSession());
    }

    public AttachmentApi attachments() {
        return new AttachmentApi(apiSession());
    }

    public EnterpriseApi enterprise() {
        return new EnterpriseApi(apiSession());
    }

    /**
     * @param admin the administrator's unlocked keys (from {@code session().unlock(config())}); closed by the caller
     * @return team administration with team keys
     */
    public TeamAdminApi teamAdmin(UserKeyring admin) {
        return new TeamAdminApi(apiSession(), admin);
    }

    /** @return Secrets Manager applications, their grants and devices ({@code app_*}) */
    public SecretsManagerApi secretsManager() {
        return new SecretsManagerApi(apiSession());
    }

    /** @return PAM configurations and rotation settings ({@code pam_config_*}, {@code rotation_*}, {@code rotate}) */
    public io.castellan.client.pam.PamApi pam() {
        return new io.castellan.client.pam.PamApi(apiSession());
    }

    /** @return the audit trail's export and verification (administrators) */
    public AuditApi audit() {
        return new AuditApi(apiSession());
    }

    /** Gateways and their jobs. */
    public io.castellan.client.sm.GatewaysApi gateways() {
        return new io.castellan.client.sm.GatewaysApi(apiSession());
    }

    /** Tunnels to PAM resources through their gateways ({@code tunnel_open}, {@code tunnel_list}, {@code tunnel_close}). */
    public io.castellan.client.tunnel.TunnelApi tunnels() {
        return new io.castellan.client.tunnel.TunnelApi(apiSession(), transport);
    }

    private ApiSession apiSession() {
        if (config.session() == null) {
            throw SessionApi.notLoggedIn();
        }
        return new ApiSession(transport, config.session());
    }
}
