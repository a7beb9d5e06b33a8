package io.castellan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of {@code bench/run ksm}.
 *
 * @param records     records granted to the application ({@code --records}, default 100)
 * @param devices     devices bound ({@code --devices}, default: the highest concurrency level)
 * @param stores      stores to run against ({@code --store sqlite|postgres|both}, default both)
 * @param seconds     length of each timed get_secret phase ({@code --seconds}, default 10)
 * @param concurrency concurrent devices per phase ({@code --concurrency}, default 1,8,64)
 * @param deviceRpm   the server's per-device request limit ({@code --device-rpm}, default 6,000,000: effectively
 *                    off, since the default 1,200/min would cap one device at 20 requests/s)
 * @param breakdown   whether to time the parts of one request in isolation afterwards ({@code --breakdown})
 * @param warmup      the least seconds of untimed load before the first phase ({@code --warmup}, default 15); it
 *                    continues while the JIT is busy (KsmBench.warmUp)
 */
record KsmOptions(int records, int devices, List<BenchServer.Kind> stores, double seconds, List<Integer> concurrency,
        int deviceRpm, boolean breakdown, double warmup) {

    static final String USAGE = """
            usage: bench/run ksm [--records N] [--devices D] [--store sqlite|postgres|both] [--seconds S]
                                 [--concurrency 1,8,64] [--warmup S] [--device-rpm R] [--breakdown on|off]
              --records N       records granted to the application, each served by every get_secret (default 100)
              --devices D       devices bound through the Castellan SDK (default: the highest concurrency level)
              --store S         sqlite, postgres or both (default both)
              --seconds S       length of each timed get_secret phase (default 10)
              --concurrency L   concurrent devices per phase, comma-separated (default 1,8,64)
              --warmup S        seconds of untimed load (8 devices) before the first phase, so the JIT has
                                settled (default 15; 0 for none); it goes on in 5 s slices, up to 120 s in all,
                                while the JIT compiled for more than 10 % of a slice; each phase also warms up
                                for 2 s
              --device-rpm R    the server's --device-requests-per-minute (default 6000000; the product's
                                default, 1200, would throttle one device at 20 requests/s)
              --breakdown on|off  time the parts of one get_secret in isolation afterwards (default on)
            """;

    static KsmOptions parse(List<String> args) {
        int records = 100;
        Integer devices = null;
        List<BenchServer.Kind> stores = List.of(BenchServer.Kind.SQLITE, BenchServer.Kind.POSTGRES);
        double seconds = 10;
        List<Integer> concurrency = List.of(1, 8, 64);
        int deviceRpm = 6_000_000;
        boolean breakdown = true;
        double warmup = 15;
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
                case "--devices" -> devices = positive(name, value);
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
                case "--concurrency" -> {
                    List<Integer> levels = new ArrayList<>();
                    for (String part : value.split(",")) {
                        levels.add(positive(name, part.strip()));
                    }
                    concurrency = List.copyOf(levels);
                }
                case "--device-rpm" -> deviceRpm = positive(name, value);
                case "--warmup" -> {
                    warmup = Double.parseDouble(value);
                    if (!(warmup >= 0)) {
                        throw new IllegalArgumentException("--warmup must be 0 or more");
                    }
                }
                case "--breakdown" -> breakdown = switch (value) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--breakdown must be on or off");
                };
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        int highest = concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
        int d = devices == null ? highest : devices;
        if (d < highest) {
            throw new IllegalArgumentException("--devices (" + d + ") must be at least the highest concurrency level ("
                    + highest + "): each concurrent caller is its own device");
        }
        return new KsmOptions(records, d, stores, seconds, concurrency, deviceRpm, breakdown, warmup);
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
