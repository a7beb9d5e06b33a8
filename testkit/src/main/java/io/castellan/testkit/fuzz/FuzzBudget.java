package io.castellan.testkit.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * The fuzz budget of a jqwik property, and its time bounds. A copy of this class lives in the {@code fuzz} test
 * package of every fuzzed module (test code is not shared across modules); keep them identical.
 *
 * <ul>
 *   <li><b>Tries.</b> A property annotated {@link Tries @Tries(n)} runs {@code n × castellan.fuzz.scale} tries
 *       ({@code scale} defaults to 1, the CI budget; {@code scripts/fuzz} uses 10). {@code -Dcastellan.fuzz.tries=N}
 *       instead runs exactly {@code N} tries per property (to focus on one property with {@code -Dtest=...}).</li>
 *   <li><b>Slow input.</b> A try that takes longer than {@link Tries#maxMillis()} fails the property: a parser that
 *       needs seconds for one small hostile input is a denial-of-service finding, reported with the input (shrunk).</li>
 *   <li><b>Hang.</b> A try still running after {@link #HANG_SECONDS} seconds cannot be stopped from Java: a watchdog
 *       prints the input and the stuck thread's stack to stderr and to {@code target/fuzz-hang-*.txt}, then halts
 *       the test JVM, so the build fails instead of waiting for CI's limit.</li>
 * </ul>
 *
 * <p>Failed properties re-run with a fresh random seed next time ({@code AfterFailureMode.RANDOM_SEED}); the seed of
 * a failure is in jqwik's report, and {@code @Property(seed = "...")} replays it.
 */
public final class FuzzBudget implements AroundPropertyHook, AroundTryHook {

    /** Multiplier of every property's tries. */
    public static final String SCALE = "castellan.fuzz.scale";
    /** Exact tries per property, overriding {@link Tries} and {@link #SCALE}. */
    public static final String TRIES = "castellan.fuzz.tries";
    /** A try running this long is a hang. */
    public static final long HANG_SECONDS = Long.getLong("castellan.fuzz.hangSeconds", 60);

    /** The CI tries of a property, and the bound on one try. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Tries {
        /** Tries at scale 1 (CI). */
        int value();

        /** Longest acceptable time for one try, in milliseconds. */
        long maxMillis() default 3_000;
    }

    private record Running(Thread thread, String property, List<Object> parameters, long startNanos) {
    }

    private static final ConcurrentHashMap<Thread, Running> RUNNING = new ConcurrentHashMap<>();
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    static {
        Thread watchdog = Thread.ofPlatform().daemon().name("fuzz-watchdog").unstarted(FuzzBudget::watch);
        watchdog.start();
    }

    /** The tries a property with {@code ciTries} runs in this JVM. */
    public static int tries(int ciTries) {
        Integer exact = Integer.getInteger(TRIES);
        if (exact != null) {
            return Math.max(1, exact);
        }
        double scale = Double.parseDouble(System.getProperty(SCALE, "1"));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(ciTries * scale)));
    }

    /**
     * Counts inputs a bulk property checked in one try (a property that does not call this counts one per try).
     *
     * @param count inputs checked
     */
    public static void inputs(long count) {
        INPUTS.addAndGet(count);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Tries tries = context.targetMethod().getAnnotation(Tries.class);
        if (tries != null) {
            context.attributes().setTries(tries(tries.value()));
        }
        context.attributes().setAfterFailure(AfterFailureMode.RANDOM_SEED);
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        INPUTS.set(0);
        PropertyExecutionResult result = property.execute();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long cpuMillis = TimeUnit.NANOSECONDS.toMillis(CPU.getCurrentThreadCpuTime() - cpuStart);
        long inputs = Math.max(INPUTS.get(), result.countTries());
        System.out.printf("fuzz: %s.%s: %d tries, %d inputs, %d ms (thread cpu %d ms), %s%n",
                context.containerClass().getSimpleName(), context.targetMethod().getName(), result.countTries(), inputs,
                millis, cpuMillis, result.status());
        return result;
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS; // registered on the test class, applies to its properties
    }

    @Override
    public int aroundPropertyProximity() {
        return -10; // outside jqwik's own hooks
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        Tries tries = context.targetMethod().getAnnotation(Tries.class);
        long maxMillis = tries == null ? 3_000 : tries.maxMillis();
        Thread me = Thread.currentThread();
        long start = System.nanoTime();
        RUNNING.put(me, new Running(me, context.containerClass().getSimpleName() + "." + context.targetMethod()
                .getName(), parameters, start));
        TryExecutionResult result;
        try {
            result = aTry.execute(parameters);
        } finally {
            RUNNING.remove(me);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (millis > maxMillis && !result.isFalsified()) {
            return TryExecutionResult.falsified(new AssertionError("slow input: one try took " + millis
                    + " ms, more than the bound of " + maxMillis + " ms"));
        }
        return result;
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Running r : RUNNING.values()) {
                if (now - r.startNanos() > TimeUnit.SECONDS.toNanos(HANG_SECONDS)) {
                    hang(r);
                }
            }
        }
    }

    private static void hang(Running r) {
        StringBuilder report = new StringBuilder("FUZZ HANG: ").append(r.property()).append(" ran one try for more than ")
                .append(HANG_SECONDS).append(" s\ninput: ");
        for (Object p : r.parameters()) {
            report.append(Printable.of(p)).append('\n');
        }
        report.append("stack of ").append(r.thread().getName()).append(":\n");
        for (StackTraceElement e : r.thread().getStackTrace()) {
            report.append("    at ").append(e).append('\n');
        }
        System.err.println(report);
        try {
            Path dir = Files.createDirectories(Path.of("target"));
            Files.writeString(dir.resolve("fuzz-hang-" + System.currentTimeMillis() + ".txt"), report,
                    StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException ignored) {
            // stderr has it
        }
        Runtime.getRuntime().halt(86);
    }
}
