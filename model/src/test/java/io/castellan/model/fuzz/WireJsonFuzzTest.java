package io.castellan.model.fuzz;

import io.castellan.testkit.fuzz.FuzzBudget;
import io.castellan.testkit.fuzz.Mutations;
import io.castellan.testkit.fuzz.Outcome;
import io.castellan.testkit.fuzz.Printable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.fuzz.JsonGen.Arr;
import io.castellan.model.fuzz.JsonGen.Entry;
import io.castellan.model.fuzz.JsonGen.Node;
import io.castellan.model.fuzz.JsonGen.Obj;
import io.castellan.model.fuzz.JsonGen.Raw;
import io.castellan.model.fuzz.JsonGen.Str;
import io.castellan.model.json.JsonLimits;
import io.castellan.model.ksm.AddFileResponse;
import io.castellan.model.ksm.DeleteFolderResponse;
import io.castellan.model.ksm.DeleteSecretResponse;
import io.castellan.model.ksm.GetFoldersResponse;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.KsmError;
import io.castellan.model.ksm.KsmRequest;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.ksm.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@link WireJson}, the parser of every decrypted device payload (server side) and of every device-API response
 * (SDK side), on: valid payloads of each endpoint's type, the same with members swapped to other JSON types, huge or
 * odd numbers, deep nesting, long strings and unknown members, random trees over the known property names written
 * sometimes outside the JSON grammar, truncations, byte edits and random bytes.
 *
 * <p>Every input either parses to a value of the requested type, which writes back to JSON that parses to an equal
 * value (and, for requests, has a non-blank {@code clientVersion} and {@code clientId}), or is refused with a
 * {@link CastellanException} {@code bad_request} / {@code payload_too_large} whose message quotes no value of the
 * input ({@link JsonGen#CANARY}). Valid payloads are accepted.
 */
@AddLifecycleHook(FuzzBudget.class)
class WireJsonFuzzTest {

    private static final WireJson WIRE = WireJson.create();
    /** Small limits, so that size and depth refusals are reached with small inputs. */
    private static final WireJson SMALL = WireJson.create(new JsonLimits(2048, 8));
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final List<Class<?>> RESPONSES = List.of(SecretsManagerResponse.class, GetFoldersResponse.class,
            DeleteSecretResponse.class, DeleteFolderResponse.class, AddFileResponse.class, KsmError.class);
    private static final String[] KEYS = keys();
    private static final List<Target> TARGETS = targets();
    /** Valid messages of every target, as trees, made once (reflection is too slow for every input). */
    private static final Map<Target, List<Node>> VALID = validPool();
    private static final int BATCH = 20;

    /** A document for one message type. */
    record Target(KsmEndpoint endpoint, Class<?> type) {
        @Override
        public String toString() {
            return endpoint != null ? endpoint.path() + " request" : type.getSimpleName();
        }
    }

    @Property
    @FuzzBudget.Tries(8_000)
    void editedValidPayloads(@ForAll("edited") Tuple2<Target, byte[]> input) {
        check(WIRE, input.get1(), input.get2());
    }

    /** Bulk: {@value #BATCH} generated documents per try, each for a random request or response type. */
    @Property(shrinking = ShrinkingMode.OFF)
    @FuzzBudget.Tries(10_000)
    void bulkDocuments(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        JsonGen gen = new JsonGen(random, KEYS);
        for (int i = 0; i < BATCH; i++) {
            Target target = TARGETS.get(random.nextInt(TARGETS.size()));
            int strategy = random.nextInt(10);
            Node valid = gen.pick(VALID.get(target));
            byte[] doc = switch (strategy) {
                case 0 -> JsonGen.utf8(JsonGen.write(valid));
                case 1 -> JsonGen.utf8(gen.writeSloppy(swapTypes(gen, valid, 1 + random.nextInt(3))));
                case 2 -> JsonGen.utf8(JsonGen.write(withUnknownMembers(gen, valid)));
                case 3 -> JsonGen.utf8(gen.writeSloppy(gen.chance(2) ? gen.object(4, random.nextInt(12))
                        : gen.value(5)));
                case 4 -> JsonGen.utf8(JsonGen.write(deepen(gen, valid)));
                case 5 -> {
                    byte[] text = JsonGen.utf8(JsonGen.write(valid));
                    yield Arrays.copyOf(text, random.nextInt(text.length + 1));
                }
                case 6 -> {
                    byte[] junk = new byte[random.nextInt(64)];
                    random.nextBytes(junk);
                    yield junk;
                }
                default -> Mutations.random(random, JsonGen.utf8(gen.chance(2) ? JsonGen.write(valid)
                        : gen.writeSloppy(swapTypes(gen, valid, 1))), 4);
            };
            Object parsed = check(gen.chance(4) ? SMALL : WIRE, target, doc);
            if (strategy == 0 && parsed == null && doc.length < 2048) {
                throw new AssertionError("a valid " + target + " was refused: " + Printable.of(doc));
            }
        }
        FuzzBudget.inputs(BATCH);
    }

    /**
     * The one check: a value of the type that round-trips, or a safe refusal. Returns the value, or null when refused.
     */
    static Object check(WireJson wire, Target target, byte[] doc) {
        Object value = Outcome.of(doc, () -> target.endpoint() != null ? wire.readRequest(target.endpoint(), doc)
                : wire.read(doc, target.type(), target.toString()), CastellanException.class, e -> {
                    Outcome.require(e.code() == ErrorCode.BAD_REQUEST || e.code() == ErrorCode.PAYLOAD_TOO_LARGE,
                            () -> "refused " + target + " with " + e.code() + ": " + Printable.of(doc));
                    Outcome.require(!e.getMessage().contains("s3cr3t!"),
                            () -> "the refusal quotes a value: " + e.getMessage() + " for " + Printable.of(doc));
                }).orElse(null);
        if (value == null) {
            return null;
        }
        Outcome.require(target.type().isInstance(value), () -> "parsed " + target + " as " + value.getClass());
        if (value instanceof KsmRequest request) {
            Outcome.require(request.clientVersion() != null && !request.clientVersion().isBlank()
                    && request.clientId() != null && !request.clientId().isBlank(),
                    () -> "accepted a request without clientVersion or clientId: " + Printable.of(doc));
        }
        if (value instanceof SecretsManagerResponse r && r.extra() != null && hasNonFinite(r.extra())) {
            // Known and harmless: a number too large for a double in the reserved 'extra' member reads as Infinity
            // and is written back as the string "Infinity". Nothing else is checked for such values.
            return value;
        }
        byte[] written = WIRE.write(value);
        Object again = target.endpoint() != null ? WIRE.readRequest(target.endpoint(), written)
                : WIRE.read(written, target.type(), "again");
        Outcome.require(again.equals(value), () -> target + " does not round-trip: " + Printable.of(doc)
                + "\nwritten back as " + Printable.difference(WIRE.write(again), written));
        return value;
    }

    private static boolean hasNonFinite(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            return !Double.isFinite(node.doubleValue());
        }
        for (JsonNode child : node) {
            if (hasNonFinite(child)) {
                return true;
            }
        }
        return false;
    }

    private static List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (KsmEndpoint e : KsmEndpoint.values()) {
            targets.add(new Target(e, e.requestType()));
        }
        for (Class<?> r : RESPONSES) {
            targets.add(new Target(null, r));
        }
        return List.copyOf(targets);
    }

    private static Map<Target, List<Node>> validPool() {
        Map<Target, List<Node>> pool = new java.util.HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (Target t : TARGETS) {
            List<Node> trees = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                trees.add(tree(valid(t, random)));
            }
            pool.put(t, List.copyOf(trees));
        }
        return pool;
    }

    /** A random valid instance of the target's type (requests always carry clientVersion and clientId). */
    static Object valid(Target target, SplittableRandom random) {
        return instance(target.type(), target.type(), random, 3);
    }

    static Object instance(Class<?> type, Type generic, SplittableRandom random, int depth) {
        if (type == String.class) {
            return string(random);
        }
        if (type == Long.class || type == long.class) {
            return random.nextInt(4) == 0 ? random.nextLong() : (long) random.nextInt(1_000_000);
        }
        if (type == Integer.class || type == int.class) {
            return random.nextInt(600);
        }
        if (type == Boolean.class || type == boolean.class) {
            return random.nextBoolean();
        }
        if (type == JsonNode.class) {
            return random.nextBoolean() ? null : JsonNodeFactory.instance.objectNode().put("k", "v");
        }
        if (type == List.class) {
            if (depth <= 0 || random.nextInt(5) == 0) {
                return null;
            }
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Class<?> elementClass = element instanceof Class<?> c ? c : (Class<?>) ((ParameterizedType) element)
                    .getRawType();
            List<Object> list = new ArrayList<>();
            int size = random.nextInt(3);
            for (int i = 0; i < size; i++) {
                Object item = instance(elementClass, element, random, depth - 1);
                list.add(item == null ? string(random) : item);
            }
            return list;
        }
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                boolean required = c.getName().equals("clientVersion") || c.getName().equals("clientId")
                        || c.getType().isPrimitive();
                if (c.getName().equals("clientVersion")) {
                    args[i] = random.nextBoolean() ? "mj17.0.0" : "ms17.5.0";
                } else if (!required && random.nextInt(4) == 0) {
                    args[i] = null;
                } else {
                    args[i] = instance(c.getType(), c.getGenericType(), random, depth - 1);
                }
                if (required && args[i] == null) {
                    args[i] = c.getType() == String.class ? "x" : instance(c.getType(), c.getGenericType(), random, 0);
                }
            }
            try {
                return type.getDeclaredConstructor(types).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no generator for " + type);
    }

    static String string(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(4) == 0 ? 16 : 1 + random.nextInt(90)];
        random.nextBytes(bytes);
        return switch (random.nextInt(6)) {
            case 0 -> Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(bytes, 16)); // a UID
            case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            case 2 -> JsonGen.CANARY + random.nextInt(100);
            case 3 -> Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, 64)); // a client id
            default -> Base64.getEncoder().encodeToString(bytes);
        };
    }

    /** The JSON tree of a message, as written by the product. */
    static Node tree(Object message) {
        try {
            return node(PLAIN.readTree(WIRE.write(message)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Node node(JsonNode json) {
        if (json.isObject()) {
            List<Entry> entries = new ArrayList<>();
            json.properties().forEach(e -> entries.add(new Entry(e.getKey(), node(e.getValue()))));
            return new Obj(entries);
        }
        if (json.isArray()) {
            List<Node> items = new ArrayList<>();
            json.forEach(v -> items.add(node(v)));
            return new Arr(items);
        }
        if (json.isTextual()) {
            return new Str(json.textValue());
        }
        return new Raw(json.toString());
    }

    /** {@code count} members (anywhere in the tree) replaced by a value of another JSON type. */
    static Node swapTypes(JsonGen gen, Node root, int count) {
        Node node = root;
        for (int i = 0; i < count; i++) {
            node = swapOne(gen, node);
        }
        return node;
    }

    private static Node swapOne(JsonGen gen, Node node) {
        if (node instanceof Obj o && !o.entries().isEmpty()) {
            List<Entry> entries = new ArrayList<>(o.entries());
            int at = gen.random.nextInt(entries.size());
            Entry e = entries.get(at);
            boolean descend = (e.value() instanceof Obj || e.value() instanceof Arr) && gen.chance(2);
            entries.set(at, new Entry(e.key(), descend ? swapOne(gen, e.value()) : other(gen, e.value())));
            return new Obj(entries);
        }
        if (node instanceof Arr a && !a.items().isEmpty()) {
            List<Node> items = new ArrayList<>(a.items());
            int at = gen.random.nextInt(items.size());
            items.set(at, gen.chance(2) ? swapOne(gen, items.get(at)) : other(gen, items.get(at)));
            return new Arr(items);
        }
        return other(gen, node);
    }

    /** A value of another type than {@code node}, favouring confusions a lax parser would accept. */
    private static Node other(JsonGen gen, Node node) {
        return switch (node) {
            case Str s -> gen.pick(new Node[] {new Raw("12"), new Raw("true"), new Raw("null"), new Arr(List.of(s)),
                new Obj(List.of()), new Raw("1.5"), gen.number()});
            case Raw r when r.token().equals("true") || r.token().equals("false") -> gen.pick(new Node[] {
                new Str(r.token()), new Raw("1"), new Raw("0"), new Raw("null"), new Arr(List.of(r))});
            case Raw r when r.token().equals("null") -> gen.value(2);
            case Raw r -> gen.pick(new Node[] {new Str(r.token()), new Raw(r.token() + ".0"), new Raw(r.token() + "e2"),
                new Raw("1e30"), new Raw("9223372036854775808"), new Raw("-9223372036854775809"), new Raw("true"),
                new Arr(List.of(r)), new Raw("null"), new Raw("1." + "0".repeat(200)), gen.number()});
            case Arr a -> gen.pick(new Node[] {new Str("[]"), new Obj(List.of()), new Raw("null"),
                a.items().isEmpty() ? new Str("x") : a.items().get(0), new Arr(List.of(new Arr(a.items())))});
            case Obj o -> gen.pick(new Node[] {new Arr(List.of(o)), new Str("{}"), new Raw("1"), new Raw("null")});
        };
    }

    static Node withUnknownMembers(JsonGen gen, Node valid) {
        if (!(valid instanceof Obj o)) {
            return valid;
        }
        List<Entry> entries = new ArrayList<>(o.entries());
        int extra = 1 + gen.random.nextInt(4);
        for (int i = 0; i < extra; i++) {
            entries.add(gen.random.nextInt(entries.size() + 1), new Entry("x" + gen.word(1 + gen.random.nextInt(10)),
                    gen.value(3)));
        }
        return new Obj(entries);
    }

    /** A member's value wrapped in 1 to 80 levels of nesting (the limit is 32). */
    static Node deepen(JsonGen gen, Node valid) {
        if (!(valid instanceof Obj o) || o.entries().isEmpty()) {
            return gen.nest(1 + gen.random.nextInt(80), valid);
        }
        List<Entry> entries = new ArrayList<>(o.entries());
        int at = gen.random.nextInt(entries.size());
        Entry e = entries.get(at);
        entries.set(at, new Entry(e.key(), gen.nest(1 + gen.random.nextInt(80), e.value())));
        return new Obj(entries);
    }

    private static String[] keys() {
        Set<String> names = new LinkedHashSet<>();
        for (KsmEndpoint e : KsmEndpoint.values()) {
            collectNames(e.requestType(), names);
        }
        for (Class<?> r : RESPONSES) {
            collectNames(r, names);
        }
        names.addAll(List.of("isEditable", "additional_info", "key_id", "retry_after"));
        return names.toArray(String[]::new);
    }

    private static void collectNames(Class<?> type, Set<String> names) {
        if (!type.isRecord() || !names.add("#" + type.getName())) {
            return;
        }
        names.remove("#" + type.getName());
        for (RecordComponent c : type.getRecordComponents()) {
            names.add(c.getName());
            if (c.getGenericType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> e) {
                collectNames(e, names);
            }
        }
    }

    @Provide
    Arbitrary<Tuple2<Target, byte[]>> edited() {
        Map<Target, List<byte[]>> samples = new java.util.HashMap<>();
        VALID.forEach((t, trees) -> samples.put(t, trees.subList(0, 8).stream()
                .map(tree -> JsonGen.utf8(JsonGen.write(tree))).toList()));
        return Arbitraries.of(TARGETS).flatMap(t -> Mutations.of(Arbitraries.of(samples.get(t)), 4)
                .map(doc -> Tuple.of(t, doc)));
    }
}
