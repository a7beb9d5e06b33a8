package io.castellan.server.vault;

import io.castellan.server.access.AccessRevocation;
import io.castellan.server.audit.Audit;
import io.castellan.store.ExpiredShare;
import io.castellan.store.HolderKind;
import io.castellan.store.RecordKey;
import io.castellan.store.RecordKeyRepository;
import io.castellan.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's background work: deletes expired direct shares (their wrapped record keys) every few seconds and
 * audits each one as {@code record_share_expired} by actor {@code system}, the deletion and its events in one
 * transaction (fail closed: if the audit cannot be written nothing is deleted, and reads keep ignoring the expired
 * rows until a later sweep succeeds). A share that asked for {@code rotateOnExpiration} is handed to the
 * {@link ShareExpiryListener} in that transaction too (the scheduler submits the rotation job there).
 *
 * <p>The server starts it ({@link #start}) after opening the store and closes it before closing the store; the sweep
 * runs on one virtual thread. Several server nodes on one PostgreSQL may all run it: a row is deleted (and audited)
 * by exactly one of them.
 */
public final class VaultMaintenance implements AutoCloseable {

    /** How often the sweeper runs by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(VaultMaintenance.class);

    private final Store store;
    private final Audit audit;
    private final Clock clock;
    private final RecordKeyRepository recordKeys;
    private final ShareExpiryListener expiryListener;
    private ScheduledExecutorService scheduler;
    private volatile AccessRevocation.Listener revocations = revoked -> { };

    /** A maintenance that only runs when asked ({@link #sweepExpiredShares}); see {@link #start}. */
    public VaultMaintenance(Store store, Audit audit, Clock clock) {
        this(store, audit, clock, ShareExpiryListener.NONE);
    }

    /**
     * As {@link #VaultMaintenance(Store, Audit, Clock)}; {@code expiryListener} hears of each expired share that asked
     * for {@code rotateOnExpiration}, in the transaction that deletes it.
     */
    public VaultMaintenance(Store store, Audit audit, Clock clock, ShareExpiryListener expiryListener) {
        this.expiryListener = Objects.requireNonNull(expiryListener, "expiryListener");
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recordKeys = new RecordKeyRepository(store.transactions(), clock);
    }

    /** Starts the sweeper: every {@code interval}, on a virtual thread. Close the result on shutdown. */
    public static VaultMaintenance start(Store store, Audit audit, Clock clock, Duration interval) {
        return start(store, audit, clock, interval, revoked -> { }, ShareExpiryListener.NONE);
    }

    /** As {@link #start}, telling {@code revocations} of each expired share after its deletion committed. */
    public static VaultMaintenance start(Store store, Audit audit, Clock clock, Duration interval,
            AccessRevocation.Listener revocations) {
        return start(store, audit, clock, interval, revocations, ShareExpiryListener.NONE);
    }

    /** As {@link #start(Store, Audit, Clock, Duration)}, telling {@code expiryListener} of shares to rotate. */
    public static VaultMaintenance start(Store store, Audit audit, Clock clock, Duration interval,
            ShareExpiryListener expiryListener) {
        return start(store, audit, clock, interval, revoked -> { }, expiryListener);
    }

    /**
     * Starts the sweeper, telling {@code revocations} of each expired share after its deletion committed and
     * {@code expiryListener} of those that asked for a rotation, in the deleting transaction.
     */
    public static VaultMaintenance start(Store store, Audit audit, Clock clock, Duration interval,
            AccessRevocation.Listener revocations, ShareExpiryListener expiryListener) {
        VaultMaintenance maintenance = new VaultMaintenance(store, audit, clock, expiryListener);
        maintenance.revocations = Objects.requireNonNull(revocations, "revocations");
        maintenance.schedule(interval);
        return maintenance;
    }

    private synchronized void schedule(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the sweep interval must be positive");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("castellan-vault-sweeper").factory());
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes every key row that expired at or before now and audits each deletion, in one transaction.
     *
     * @return how many shares were deleted
     */
    public int sweepExpiredShares() {
        List<Runnable> afterCommit = new ArrayList<>();
        List<RecordKey> deleted = store.write(h -> {
            afterCommit.clear();
            List<RecordKey> keys = new ArrayList<>();
            List<ExpiredShare> expired = recordKeys.deleteExpiredShares(clock.instant());
            for (ExpiredShare share : expired) {
                RecordKey key = share.key();
                keys.add(key);
                audit.record(VaultAuditEvents.RECORD_SHARE_EXPIRED, VaultAuditEvents.SYSTEM_ACTOR, null,
                        List.of(key.recordUid(), key.holderUid()), Audit.SUCCESS,
                        Map.of("holderKind", key.holderKind().name().toLowerCase(Locale.ROOT)));
                if (share.rotateOnExpiration()) {
                    afterCommit.add(expiryListener.expired(key));
                }
            }
            return keys;
        });
        afterCommit.forEach(Runnable::run);
        for (RecordKey key : deleted) {
            revocations.accessRevoked(new AccessRevocation.Revoked(VaultAuditEvents.RECORD_SHARE_EXPIRED,
                    key.holderKind() == HolderKind.USER ? Optional.of(key.holderUid()) : Optional.empty()));
        }
        return deleted.size();
    }

    private void sweepQuietly() {
        try {
            int deleted = sweepExpiredShares();
            if (deleted > 0) {
                LOG.info("deleted {} expired share(s)", deleted);
            }
        } catch (RuntimeException e) {
            // the exception's class only: driver messages may name values
            LOG.warn("expired-share sweep failed ({}); it will be retried", e.getClass().getSimpleName());
        }
    }

    /** Stops the sweeper (waiting briefly for a running sweep); idempotent. */
    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }
}
