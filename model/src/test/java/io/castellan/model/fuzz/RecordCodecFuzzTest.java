package io.castellan.model.fuzz;

import io.castellan.testkit.fuzz.FuzzBudget;
import io.castellan.testkit.fuzz.Mutations;
import io.castellan.testkit.fuzz.Outcome;
import io.castellan.testkit.fuzz.Printable;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.fuzz.JsonGen.Arr;
import io.castellan.model.fuzz.JsonGen.Entry;
import io.castellan.model.fuzz.JsonGen.Node;
import io.castellan.model.fuzz.JsonGen.Obj;
import io.castellan.model.fuzz.JsonGen.Raw;
import io.castellan.model.fuzz.JsonGen.Str;
import io.castellan.model.json.JsonLimits;
import io.castellan.model.record.HostPort;
import io.castellan.model.record.InvalidRecordException;
import io.castellan.model.record.PamRecord;
import io.castellan.model.record.RecordCodec;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import io.castellan.model.recordtype.FieldDefinition;
import io.castellan.model.recordtype.FieldTypeDefinition;
import io.castellan.model.recordtype.RecordTypeDefinition;
import io.castellan.model.recordtype.RecordTypes;
import io.castellan.model.recordtype.RecordValidator;
import io.castellan.model.recordtype.ValidationIssue;
import io.castellan.model.recordtype.ValidationReport;
import io.castellan.model.recordtype.ValueShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Record JSON v3 ({@link RecordCodec}, {@link RecordData}) as a client reads it after decrypting a record someone
 * else may have written: valid records of every built-in type (with unknown fields and properties), the same with
 * values swapped to other types, deep nesting, long strings, random trees over record property names, sloppy JSON,
 * truncations, byte edits and random bytes.
 *
 * <p>Every input is either refused with an {@link InvalidRecordException} ({@code bad_request} or
 * {@code payload_too_large}) whose message quotes no value, or parses to a record on which every accessor, the PAM
 * view and the validator work without throwing, whose {@code toString()} and validation messages quote no secret
 * value, and which writes back to bytes that parse to an equal record. Valid records are accepted.
 */
@AddLifecycleHook(FuzzBudget.class)
class RecordCodecFuzzTest {

    private static final RecordTypes TYPES = RecordTypes.builtIn();
    private static final RecordValidator VALIDATOR = new RecordValidator(TYPES);
    private static final RecordCodec SMALL = new RecordCodec(new JsonLimits(4096, 8));
    private static final String[] KEYS = keys();
    private static final List<Node> VALID = validPool();
    private static final int BATCH = 20;

    @Property
    @FuzzBudget.Tries(6_000)
    void editedValidRecords(@ForAll("edited") byte[] json) {
        check(RecordCodec.withDefaults(), json, false);
    }

    /**
     * A JSON number whose exponent does not fit an {@code int} ({@code 1e9999999999}), anywhere in a record. Record
     * numbers are read as {@code BigDecimal}, and Jackson's {@code BigDecimalParser} throws a
     * {@link NumberFormatException} for such an exponent (not a {@code JacksonException}), which {@link RecordCodec}
     * lets through instead of refusing the record with an {@link InvalidRecordException}; its message quotes the
     * number. The Castellan SDK skips unreadable records only on {@code InvalidRecordException}, so one such record
     * in an application fails every {@code get_secret} of its devices. Found by this fuzz test; the codec now refuses them.
     */
    @Property
    @FuzzBudget.Tries(1_000)
    void numbersWithAnExponentBeyondInt(@ForAll("hugeExponents") String number, @ForAll("positions") int position) {
        String record = switch (position) {
            case 0 -> "{\"title\":\"t\",\"type\":\"login\",\"fields\":[{\"type\":\"date\",\"value\":[" + number
                    + "]}],\"custom\":[]}";
            case 1 -> "{\"title\":\"t\",\"type\":\"login\",\"futureProperty\":" + number + "}";
            default -> "{\"title\":\"t\",\"type\":\"pamMachine\",\"fields\":[{\"type\":\"pamHostname\",\"value\":"
                    + "[{\"hostName\":\"h\",\"port\":" + number + "}]}]}";
        };
        check(RecordCodec.withDefaults(), JsonGen.utf8(record), true);
    }

    @Provide
    Arbitrary<String> hugeExponents() {
        Arbitrary<String> mantissa = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(20)
                .map(d -> d.length() > 1 ? d.charAt(0) + "." + d.substring(1) : d);
        Arbitrary<String> exponent = Arbitraries.strings().withChars("0123456789").ofMinLength(10).ofMaxLength(30)
                .filter(d -> new java.math.BigInteger(d).compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0);
        return net.jqwik.api.Combinators.combine(Arbitraries.of("", "-"), mantissa, Arbitraries.of("e", "E", "e+", "E-"),
                exponent).as((sign, m, e, x) -> sign + m + e + x);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 2);
    }

    /** Bulk: {@value #BATCH} generated documents per try. */
    @Property(shrinking = ShrinkingMode.OFF)
    @FuzzBudget.Tries(7_500)
    void bulkRecords(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        JsonGen gen = new JsonGen(random, KEYS);
        for (int i = 0; i < BATCH; i++) {
            Node valid = gen.pick(VALID);
            int strategy = random.nextInt(10);
            boolean structured = strategy <= 2 || strategy == 4;
            byte[] doc = switch (strategy) {
                case 0 -> JsonGen.utf8(JsonGen.write(valid) + (gen.chance(4) ? " ".repeat(random.nextInt(400)) : ""));
                case 1 -> JsonGen.utf8(JsonGen.write(WireJsonFuzzTest.swapTypes(gen, valid, 1 + random.nextInt(3))));
                case 2 -> JsonGen.utf8(JsonGen.write(WireJsonFuzzTest.withUnknownMembers(gen, valid)));
                case 3 -> JsonGen.utf8(gen.writeSloppy(gen.chance(2) ? gen.object(4, random.nextInt(8)) : gen.value(5)));
                case 4 -> JsonGen.utf8(JsonGen.write(WireJsonFuzzTest.deepen(gen, valid)));
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
                        : gen.writeSloppy(WireJsonFuzzTest.swapTypes(gen, valid, 1))), 4);
            };
            RecordData parsed = check(gen.chance(4) ? SMALL : RecordCodec.withDefaults(), doc, structured);
            if (strategy == 0 && parsed == null) {
                throw new AssertionError("a valid record was refused: " + Printable.of(doc));
            }
        }
        FuzzBudget.inputs(BATCH);
    }

    /**
     * @param secretsInValuesOnly the generator kept the JSON structure (no byte edits), so {@link JsonGen#CANARY} is
     *                            in values, or in a type or label (names, which messages may show)
     */
    static RecordData check(RecordCodec codec, byte[] doc, boolean secretsInValuesOnly) {
        RecordData record = Outcome.of(doc, () -> codec.parse(doc), InvalidRecordException.class, e -> {
            Outcome.require(e.code() == ErrorCode.BAD_REQUEST || e.code() == ErrorCode.PAYLOAD_TOO_LARGE,
                    () -> "refused with " + e.code() + ": " + Printable.of(doc));
            Outcome.require(!e.getMessage().contains("s3cr3t!") && !e.details().toString().contains("s3cr3t!"),
                    () -> "the refusal quotes a value: " + e.getMessage() + " for " + Printable.of(doc));
        }).orElse(null);
        if (record == null) {
            return null;
        }
        StringBuilder shown = new StringBuilder(record.toString());
        record.title();
        record.type();
        record.notes();
        record.propertyNames();
        for (RecordField f : concat(record.fields(), record.custom())) {
            shown.append(f);
            f.type();
            f.label();
            f.values();
            f.valueCount();
            f.firstValueAsString();
            f.stringValues();
            f.isEmpty();
            f.hasLabel("Private PEM Key");
            f.property("required");
        }
        record.findField("password");
        record.firstValue(null, "login");
        PamRecord pam = PamRecord.of(record);
        pam.hostname().ifPresent(HostPort::portNumber);
        pam.login();
        pam.password();
        pam.privatePemKey();
        pam.checkbox("useSSL");
        pam.text("operatingSystem");
        pam.recordRefs(null);
        pam.pamResources();
        pam.scripts(null);
        ValidationReport report = VALIDATOR.validate(record);
        for (ValidationIssue issue : report.issues()) {
            shown.append(issue.message()).append(issue);
        }
        try {
            report.throwIfInvalid();
        } catch (InvalidRecordException e) {
            Outcome.require(e.code() == ErrorCode.VALIDATION_FAILED, () -> "validation failed with " + e.code());
            shown.append(e.getMessage()).append(e.details());
        }
        // Record types, field types and labels are names, shown in messages by design; a swapped value may have put
        // the canary there.
        boolean canaryInNames = record.type().contains("s3cr3t!") || concat(record.fields(), record.custom()).stream()
                .anyMatch(f -> f.type().contains("s3cr3t!") || f.label().orElse("").contains("s3cr3t!"));
        if (secretsInValuesOnly && !canaryInNames) {
            Outcome.require(!shown.toString().contains("s3cr3t!"),
                    () -> "a value shows in toString() or a validation message: " + shown + " for " + Printable.of(doc));
        }
        byte[] written = record.toBytes();
        RecordData again = RecordCodec.withDefaults().parse(written);
        Outcome.require(again.equals(record) && Arrays.equals(again.toBytes(), written),
                () -> "the record does not round-trip: " + Printable.of(doc) + "\nwritten back as "
                        + Printable.difference(again.toBytes(), written));
        Outcome.require(RecordData.parse(new String(written, StandardCharsets.UTF_8)).equals(record),
                () -> "parse(String) differs from parse(byte[]) for " + Printable.of(written));
        return record;
    }

    private static List<RecordField> concat(List<RecordField> a, List<RecordField> b) {
        List<RecordField> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Records of every built-in type: every slot filled with a value of its shape, secrets marked with the canary. */
    private static List<Node> validPool() {
        SplittableRandom random = new SplittableRandom(11);
        JsonGen gen = new JsonGen(random, KEYS);
        List<Node> pool = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (RecordTypeDefinition type : TYPES.recordTypes()) {
                List<Entry> root = new ArrayList<>();
                root.add(new Entry("title", new Str("t " + JsonGen.CANARY)));
                root.add(new Entry("type", new Str(type.name())));
                List<Node> fields = new ArrayList<>();
                for (FieldDefinition slot : type.fields()) {
                    fields.add(field(gen, slot.type(), slot.label()));
                }
                root.add(new Entry("fields", new Arr(fields)));
                List<Node> custom = new ArrayList<>();
                if (gen.chance(2)) {
                    custom.add(field(gen, "text", "note"));
                    custom.add(field(gen, "futureFieldType", null));
                }
                root.add(new Entry("custom", new Arr(custom)));
                if (gen.chance(2)) {
                    root.add(new Entry("notes", new Str(JsonGen.CANARY + " notes")));
                }
                if (gen.chance(4)) {
                    root.add(new Entry("futureProperty", gen.value(2)));
                }
                pool.add(new Obj(root));
            }
        }
        return List.copyOf(pool);
    }

    private static Node field(JsonGen gen, String type, String label) {
        List<Entry> field = new ArrayList<>();
        field.add(new Entry("type", new Str(type)));
        if (label != null) {
            field.add(new Entry("label", new Str(label)));
        }
        FieldTypeDefinition def = TYPES.fieldType(type).orElse(null);
        List<Node> values = new ArrayList<>();
        int count = gen.chance(5) ? 0 : 1 + gen.random.nextInt(2);
        for (int i = 0; i < count; i++) {
            values.add(def == null ? gen.value(1) : value(gen, def.value(), def.keys()));
        }
        field.add(new Entry("value", new Arr(values)));
        if (gen.chance(3)) {
            field.add(new Entry("required", new Raw("true")));
        }
        return new Obj(field);
    }

    private static Node value(JsonGen gen, ValueShape shape, Map<String, ValueShape> keys) {
        return switch (shape) {
            case STRING -> new Str(gen.chance(2) ? JsonGen.CANARY + gen.random.nextInt(99) : gen.word(6));
            case NUMBER -> new Raw(Long.toString(gen.random.nextLong() >>> 20));
            case BOOLEAN -> new Raw(gen.chance(2) ? "true" : "false");
            case PORT -> gen.chance(2) ? new Str(Integer.toString(gen.random.nextInt(70_000))) : new Raw("22");
            case STRING_ARRAY -> new Arr(List.of(new Str(gen.word(22))));
            case ANY -> gen.value(2);
            case OBJECT -> {
                List<Entry> entries = new ArrayList<>();
                for (Map.Entry<String, ValueShape> key : keys.entrySet()) {
                    if (!gen.chance(4)) {
                        entries.add(new Entry(key.getKey(), value(gen, key.getValue(), Map.of())));
                    }
                }
                yield new Obj(entries);
            }
        };
    }

    private static String[] keys() {
        Set<String> names = new LinkedHashSet<>(List.of("title", "type", "fields", "custom", "notes", "label", "value",
                "required", "privacyScreen", "enforceGeneration", "complexity"));
        for (FieldTypeDefinition f : TYPES.fieldTypes()) {
            names.add(f.name());
            names.addAll(f.keys().keySet());
        }
        return names.toArray(String[]::new);
    }

    @Provide
    Arbitrary<byte[]> edited() {
        List<byte[]> samples = VALID.stream().map(n -> JsonGen.utf8(JsonGen.write(n))).toList();
        return Mutations.of(Arbitraries.of(samples), 4);
    }
}
