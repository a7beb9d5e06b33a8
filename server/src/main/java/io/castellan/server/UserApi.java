package io.castellan.server;

import io.castellan.server.access.AccessRevocation;
import io.castellan.server.access.PolicyGuard;
import io.castellan.server.account.AccountApi;
import io.castellan.server.account.AccountContext;
import io.castellan.server.account.AtRestKey;
import io.castellan.server.account.LoginPolicy;
import io.castellan.server.account.LoginThrottle;
import io.castellan.server.account.ServerSecret;
import io.castellan.server.account.SessionService;
import io.castellan.server.api.CommandTable;
import io.castellan.server.api.EnvelopeHandler;
import io.castellan.server.api.ReplayGuard;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditCheckpointer;
import io.castellan.server.audit.AuditCommands;
import io.castellan.server.audit.StoreAudit;
import io.castellan.server.audit.alert.AuditDelivery;
import io.castellan.server.device.DeviceApi;
import io.castellan.server.device.DeviceLimits;
import io.castellan.server.enterprise.EnterpriseApi;
import io.castellan.server.enterprise.EnterpriseContext;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.server.pam.InterruptedRotationRecovery;
import io.castellan.server.pam.PamApi;
import io.castellan.server.pam.RotationAuditListener;
import io.castellan.server.pam.RouterRotationJobs;
import io.castellan.store.AuditCheckpointRepository;
import io.castellan.server.scheduler.RotationScheduler;
import io.castellan.server.scheduler.ShareExpiryRotations;
import io.castellan.server.scheduler.RotationSubmitter;
import io.castellan.server.scheduler.SchedulerAuditEvents;
import io.castellan.store.GatewayRepository;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.server.router.RouterNode;
import io.castellan.server.sm.SecretsManagerApi;
import io.castellan.server.tunnel.TunnelApi;
import io.castellan.server.tunnel.TunnelRelay;
import io.castellan.server.vault.VaultApi;
import io.castellan.server.vault.VaultLimits;
import io.castellan.server.vault.VaultMaintenance;
import io.castellan.store.InviteRepository;
import io.castellan.store.LoginThrottleRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.SessionRepository;
import io.castellan.store.Store;
import io.castellan.store.TeamRepository;
import io.castellan.store.TotpRepository;
import io.castellan.store.UsedTransmissionKeyRepository;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The user API of one server process, wired once the store is open: the audit, the command table with the account,
 * enterprise, vault and Secrets Manager application commands, the envelope route, the vault's background sweeper
 * (closed with this), and the Secrets Manager device API ({@code /api/rest/sm/v1/...}) on the same audit.
 */
final class UserApi implements AutoCloseable {

    private final CommandTable commands;
    private final EnvelopeHandler envelope;
    private final VaultMaintenance vaultMaintenance;
    private final DeviceApi deviceApi;
    private final RouterNode router;
    private final AuditCheckpointer checkpointer;
    private final RotationScheduler scheduler;
    private final TunnelRelay tunnels;
    private final AccessRevocation revocation;
    private final AuditDelivery delivery;

    private UserApi(CommandTable commands, EnvelopeHandler envelope, VaultMaintenance vaultMaintenance,
            DeviceApi deviceApi, RouterNode router, AuditCheckpointer checkpointer, RotationScheduler scheduler,
            TunnelRelay tunnels, AccessRevocation revocation, AuditDelivery delivery) {
        this.revocation = revocation;
        this.delivery = delivery;
        this.checkpointer = checkpointer;
        this.scheduler = scheduler;
        this.tunnels = tunnels;
        this.commands = commands;
        this.envelope = envelope;
        this.vaultMaintenance = vaultMaintenance;
        this.deviceApi = deviceApi;
        this.router = router;
    }

    /**
     * @param auditDecorator wraps the store audit (tests make it fail; production passes the identity)
     */
    static UserApi create(ServerConfig config, Store store, TransmissionKeys keys, Clock clock,
            UnaryOperator<Audit> auditDecorator) {
        Audit audit = auditDecorator.apply(new StoreAudit(store.auditEvents(), clock));
        CommandTable table = new CommandTable(config.maxRequestBodyBytes());
        AccessRevocation revocation = new AccessRevocation();
        // every command registers through the guard: policies of CommandPolicies, revocations fired after success
        PolicyGuard commands = new PolicyGuard(table, store, clock, revocation);
        RoleRepository roles = new RoleRepository(store.transactions());
        SessionRepository sessionRows = new SessionRepository(store.transactions());
        InviteRepository invites = new InviteRepository(store.transactions());
        ServerSecret secret = ServerSecret.loadOrCreate(store.settings());
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleRepository(store.transactions()), secret,
                new LoginPolicy(config.loginThrottleAfter(), config.loginLockAfter(), config.loginDelayBase(),
                        config.loginDelayMax()));
        SessionService sessions = new SessionService(store, sessionRows, roles, audit, clock,
                config.sessionIdleTimeout(), config.sessionAbsoluteTimeout());
        AccountApi.register(commands, new AccountContext(store, clock, audit, sessions, throttle, secret,
                AtRestKey.loadOrCreate(config.dataDir()), new TotpRepository(store.transactions()), invites, roles));
        EnterpriseApi.register(commands, new EnterpriseContext(store, clock, audit,
                new TeamRepository(store.transactions()), roles, invites, sessionRows, throttle::unlock));
        VaultApi.register(commands, store, audit, clock,
                VaultLimits.withMaxAttachmentBytes(Math.toIntExact(config.maxAttachmentBytes())));
        RouterNode router = RouterNode.start(store, audit, config.jdbcUrl(), config.gatewayHeartbeat());
        router.jobs().addListener(new RotationAuditListener(audit));
        SecretsManagerApi.register(commands, store, audit, clock, router);
        RouterRotationJobs rotationJobs = new RouterRotationJobs(router.jobs(),
                new GatewayRepository(store.transactions(), clock),
                new RotationSettingsRepository(store.transactions(), clock));
        PamApi.register(commands, store, audit, clock, rotationJobs);
        router.addOnlineListener(new InterruptedRotationRecovery(store, audit,
                new RotationSettingsRepository(store.transactions(), clock), rotationJobs));
        TunnelRelay tunnels = new TunnelRelay(store, audit, clock, router.jobs());
        TunnelApi.register(commands, tunnels);
        revocation.addListener(r -> tunnels.recheck(r.userUid()));
        DeviceApi devices = DeviceApi.create(store, keys, audit, clock, DeviceLimits.of(config.maxRequestBodyBytes(),
                config.maxAttachmentBytes(), config.deviceRequestsPerMinute(),
                config.gatewayRequestsPerMinute()));
        RotationSubmitter rotationSubmitter = new RotationSubmitter() {
            @Override
            public String submit(String gatewayUid, String pamUserUid, String resourceUid, String configUid) {
                return rotationJobs.submit(gatewayUid, pamUserUid, resourceUid, configUid, false,
                        SchedulerAuditEvents.ACTOR);
            }

            @Override
            public void release(String jobId) {
                rotationJobs.release(jobId);
            }
        };
        VaultMaintenance maintenance = VaultMaintenance.start(store, audit, clock, VaultMaintenance.DEFAULT_INTERVAL,
                revocation::fire, new ShareExpiryRotations(store, audit, clock, rotationSubmitter));
        ReplayGuard replay = new ReplayGuard(new UsedTransmissionKeyRepository(store.transactions()), clock);
        AuditCheckpointer checkpointer = new AuditCheckpointer(store.auditEvents(),
                new AuditCheckpointRepository(store.transactions()), keys, clock,
                AuditCheckpointer.DEFAULT_EVERY_EVENTS, AuditCheckpointer.DEFAULT_INTERVAL).start();
        new AuditCommands(store.auditEvents(), new AuditCheckpointRepository(store.transactions()), checkpointer,
                keys, audit, store.users()).register(commands);
        AuditDelivery delivery = AuditDelivery.start(store, audit, config.dataDir(), clock, commands);
        RotationScheduler scheduler = new RotationScheduler(store, audit, clock, rotationSubmitter, config.scheduler())
                .start();
        return new UserApi(table, new EnvelopeHandler(table, keys, replay, sessions, clock), maintenance,
                devices, router, checkpointer, scheduler, tunnels, revocation, delivery);
    }

    /** Adds {@code POST /api/v1/{command}} and the device API's routes. */
    void install(RoutesConfig routes) {
        routes.post(EnvelopeHandler.PATH, envelope);
        deviceApi.install(routes);
    }

    /** The gateway Router of this node. */
    RouterNode router() {
        return router;
    }

    /** The access-revocation hook: listeners hear of every change that may have taken access away. */
    AccessRevocation revocation() {
        return revocation;
    }

    /** The names of every registered user-API command (tests walk them against {@code CommandPolicies}). */
    java.util.Set<String> commandNames() {
        return commands.names();
    }

    /** The largest request body any command accepts: the HTTP layer's limit. */
    long largestBodyLimit() {
        return commands.largestBodyLimit();
    }

    /** The tunnel relay of this node. */
    TunnelRelay tunnels() {
        return tunnels;
    }

    /** Closes the tunnels, the gateway sockets and the Router's sweep and bus; first, while the store is still open. */
    void closeRouter() {
        scheduler.close();
        tunnels.close();
        router.close();
    }

    @Override
    public void close() {
        delivery.close();
        scheduler.close();
        tunnels.close();
        checkpointer.close();
        router.close();
        vaultMaintenance.close();
    }
}
