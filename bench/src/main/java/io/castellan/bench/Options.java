package io.castellan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of {@code bench/run vault}.
 *
 * @param records     records to create and sync ({@code --records}, default 10,000)
 * @param stores      stores to run against ({@code --store sqlite|postgres|both}, default both)
 * @param seconds     length of each timed record_get phase ({@code --seconds}, default 10)
 * @param loginReps   login repetitions, ours and the peer's ({@code --login-reps}, default 5)
 * @param syncReps    sync repetitions ({@code --sync-reps}, default 3)
 * @param writers     concurrent clients creating the records ({@code --writers}, default 8)
 * @param concurrency record_get concurrency levels ({@code --concurrency}, default 1,8)
 * @param seedThroughApi whether the records are created with record_add ({@code --seed api}, the default) or
 *                    written straight into the store ({@code --seed store}, a shortcut for iterating on sync)
 */
record Options(int records, List<BenchServer.Kind> stores, double seconds, int loginReps, int syncReps,
        int writers, List<Integer> concurrency, boolean seedThroughApi) {

    static final String USAGE = """
            usage: bench/run vault [--records N] [--store sqlite|postgres|both] [--seconds S]
                                   [--login-reps R] [--sync-reps R] [--writers W] [--concurrency 1,8]
                                   [--seed api|store]
              --records N       records to create and sync (default 10000)
              --store S         sqlite, postgres or both (default both)
              --seconds S       length of each timed record_get phase (default 10)
              --login-reps R    login repetitions, ours and the python3 peer's (default 5)
              --sync-reps R     full-sync repetitions (default 3)
              --writers W       concurrent clients creating the records (default 8)
              --concurrency L   record_get concurrency levels, comma-separated (default 1,8)
              --seed api|store  create the records with record_add (api, the default) or write the same
                                client-encrypted rows straight into the store (store: much faster, no
                                audit events; for iterating on sync, not for the reported setup figure)
            """;

    static Options parse(List<String> args) {
        int records = 10_000;
        List<BenchServer.Kind> stores = List.of(BenchServer.Kind.SQLITE, BenchServer.Kind.POSTGRES);
        double seconds = 10;
        int loginReps = 5;
        int syncReps = 3;
        int writers = 8;
        List<Integer> concurrency = List.of(1, 8);
        boolean seedThroughApi = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--records" -> records = positive(name, value);
                case "--store" -> stores = switch (value.toLowerCase(Locale.ROOT)) {
                    case "sqlite" -> List.of(BenchServer.Kind.SQLITE);
                    case "postgres", "postgresql" -> List.of(BenchServer.Kind.POSTGRES);
                    case "both" -> List.of(BenchServer.Kind.SQLITE, BenchServer.Kind.POSTGRES);
                    default -> throw new IllegalArgumentException("--store must be sqlite, postgres or both");
                };
                case "--seconds" -> {
                    seconds = Double.parseDouble(value);
                    if (!(seconds > 0)) {
                        throw new IllegalArgumentException("--seconds must be positive");
                    }
                }
                case "--login-reps" -> loginReps = positive(name, value);
                case "--sync-reps" -> syncReps = positive(name, value);
                case "--writers" -> writers = positive(name, value);
                case "--concurrency" -> {
                    List<Integer> levels = new ArrayList<>();
                    for (String part : value.split(",")) {
                        levels.add(positive(name, part.strip()));
                    }
                    concurrency = List.copyOf(levels);
                }
                case "--seed" -> seedThroughApi = switch (value) {
                    case "api" -> true;
                    case "store" -> false;
                    default -> throw new IllegalArgumentException("--seed must be api or store");
                };
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new Options(records, stores, seconds, loginReps, syncReps, writers, concurrency, seedThroughApi);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, was " + value);
        }
    }
}
