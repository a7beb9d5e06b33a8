package io.castellan.server.account;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.store.LoginThrottleRepository;
import io.castellan.store.LoginThrottleState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Throttles password guessing, per account (e-mail, whether or not it has an account, so the answers do not reveal
 * which exist) and per source address, with counters in the store so every server node agrees.
 *
 * <ul>
 *   <li>From the {@code throttleAfter}-th failure on, the next attempt must wait (growing delays, see
 *       {@link LoginPolicy}); an attempt during the wait is refused with 429 {@code throttled} and
 *       {@code retryAfterSeconds}, without checking the password.</li>
 *   <li>At {@code lockAfter} failures in a row the account is locked: 429 {@code throttled} with {@code locked: true}
 *       until an administrator re-enables it ({@link #unlock}).</li>
 *   <li>A successful login clears the account's count. An address's count is forgotten after
 *       {@link #ADDRESS_MEMORY} without failures (a success does not clear it: one good account must not launder
 *       guesses against others).</li>
 *   <li>Counters without a failure for {@link #IDLE_COUNTERS_KEPT} are deleted (locks stay).</li>
 * </ul>
 */
public final class LoginThrottle {

    /** An address's failures are forgotten after this long without another failure. */
    public static final Duration ADDRESS_MEMORY = Duration.ofHours(1);
    /** Unlocked counters without a failure for this long are deleted (checked at most daily). */
    public static final Duration IDLE_COUNTERS_KEPT = Duration.ofDays(30);

    private final LoginThrottleRepository counters;
    private final ServerSecret secret;
    private final LoginPolicy policy;
    private final PurgeGate purge = new PurgeGate(Duration.ofDays(1));

    public LoginThrottle(LoginThrottleRepository counters, ServerSecret secret, LoginPolicy policy) {
        this.counters = counters;
        this.secret = secret;
        this.policy = policy;
    }

    /**
     * @throws CastellanException {@code THROTTLED} while the account or the address must wait, or the account is
     *         locked
     */
    public void checkAllowed(String email, String sourceIp, Instant now) {
        Optional<LoginThrottleState> account = counters.find(account(email));
        if (account.map(LoginThrottleState::locked).orElse(false)) {
            throw new CastellanException(ErrorCode.THROTTLED, "too many failed logins: the account is locked until"
                    + " an administrator re-enables it", Map.of("locked", "true"), null);
        }
        Instant until = latest(account, counters.find(address(sourceIp)));
        if (until.isAfter(now)) {
            long seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
            throw new CastellanException(ErrorCode.THROTTLED, "too many failed logins: wait " + seconds
                    + " s before trying again", Map.of(CastellanException.DETAIL_RETRY_AFTER, Long.toString(seconds)),
                    null);
        }
    }

    /**
     * Counts a failure for the account and the address (call inside the write transaction that audits it).
     *
     * @return true when this failure locked the account
     */
    public boolean recordFailure(String email, String sourceIp, Instant now) {
        if (purge.due(now)) {
            counters.purgeIdle(now.minus(IDLE_COUNTERS_KEPT));
        }
        String accountKey = account(email);
        LoginThrottleState account = counters.recordFailure(accountKey, now, Instant.EPOCH);
        boolean lock = account.failures() >= policy.lockAfter();
        counters.block(accountKey, now.plus(policy.delayAfter(account.failures())), lock);
        String addressKey = address(sourceIp);
        LoginThrottleState address = counters.recordFailure(addressKey, now, now.minus(ADDRESS_MEMORY));
        counters.block(addressKey, now.plus(policy.delayAfter(address.failures())), false);
        return lock && !account.locked();
    }

    /** Clears the account's failures after a successful login. */
    public void recordSuccess(String email) {
        counters.clear(account(email));
    }

    /** Lifts a lock and clears the account's failures (an administrator re-enabling the account). */
    public boolean unlock(String email) {
        return counters.clear(account(email));
    }

    private static Instant latest(Optional<LoginThrottleState> a, Optional<LoginThrottleState> b) {
        Instant x = a.map(LoginThrottleState::blockedUntil).orElse(Instant.EPOCH);
        Instant y = b.map(LoginThrottleState::blockedUntil).orElse(Instant.EPOCH);
        return x.isAfter(y) ? x : y;
    }

    private String account(String email) {
        return secret.subjectHash("account:" + email);
    }

    private String address(String sourceIp) {
        return secret.subjectHash("ip:" + (sourceIp == null ? "unknown" : sourceIp));
    }
}
