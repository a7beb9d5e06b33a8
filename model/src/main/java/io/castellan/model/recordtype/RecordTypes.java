package io.castellan.model.recordtype;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonFailures;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry of record types and field types, loaded from data rather than written as code.
 *
 * <p>{@link #builtIn()} reads {@value #BUILT_IN_RESOURCE}, which holds the PAM types
 * ({@code pamMachine}, {@code pamDatabase}, {@code pamDirectory}, {@code pamRemoteBrowser},
 * {@code pamUser}, the PAM configurations) and the ordinary ones Castellan relies on
 * ({@code login}, {@code serverCredentials}, {@code databaseCredentials}, {@code general}). Keeping
 * layouts in a file lets a reviewer compare them line by line with Keeper's definitions, and lets
 * enterprise custom types be loaded the same way later ({@link #load}). Instances are immutable.
 */
public final class RecordTypes {

    /** Classpath location of the built-in definitions. */
    public static final String BUILT_IN_RESOURCE = "/io/castellan/model/record-types.json";

    private final Map<String, RecordTypeDefinition> recordTypes;
    private final Map<String, FieldTypeDefinition> fieldTypes;

    private RecordTypes(Map<String, RecordTypeDefinition> recordTypes, Map<String, FieldTypeDefinition> fieldTypes) {
        this.recordTypes = Collections.unmodifiableMap(recordTypes);
        this.fieldTypes = Collections.unmodifiableMap(fieldTypes);
    }

    /** @return the built-in registry (loaded once) */
    public static RecordTypes builtIn() {
        return BuiltIn.INSTANCE;
    }

    /**
     * Loads definitions in the format of {@value #BUILT_IN_RESOURCE}. Every field type a record
     * type uses must be defined, and names must be unique.
     *
     * @param in the JSON document (not closed)
     * @return the registry
     * @throws CastellanException ({@link ErrorCode#BAD_REQUEST}) when the document is invalid
     */
    public static RecordTypes load(InputStream in) {
        File file;
        try {
            file = MAPPER.readValue(in, File.class);
        } catch (JacksonException e) {
            throw invalid(JsonFailures.describe(e));
        } catch (IOException e) {
            throw invalid("cannot be read");
        }
        Map<String, FieldTypeDefinition> fieldTypes = new LinkedHashMap<>();
        try {
            file.fieldTypes().forEach((name, f) -> fieldTypes.put(name, new FieldTypeDefinition(name, f.value(),
                    f.keys() == null ? Map.of() : f.keys(), Boolean.TRUE.equals(f.sensitive()))));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(String.valueOf(e.getMessage()));
        }
        Map<String, RecordTypeDefinition> recordTypes = new LinkedHashMap<>();
        for (RecordTypeJson json : file.recordTypes()) {
            RecordTypeDefinition type = json.toDefinition();
            for (FieldDefinition field : type.fields()) {
                if (!fieldTypes.containsKey(field.type())) {
                    throw invalid("record type " + type.name() + " uses undefined field type " + field.type());
                }
            }
            if (recordTypes.put(type.name(), type) != null) {
                throw invalid("record type " + type.name() + " is defined twice");
            }
        }
        return new RecordTypes(recordTypes, fieldTypes);
    }

    /**
     * @param name a record type name
     * @return its definition
     */
    public Optional<RecordTypeDefinition> recordType(String name) {
        return Optional.ofNullable(name == null ? null : recordTypes.get(name));
    }

    /** @return every record type, in file order */
    public Collection<RecordTypeDefinition> recordTypes() {
        return recordTypes.values();
    }

    /**
     * @param name a field type name
     * @return its definition
     */
    public Optional<FieldTypeDefinition> fieldType(String name) {
        return Optional.ofNullable(name == null ? null : fieldTypes.get(name));
    }

    /** @return every field type, in file order */
    public Collection<FieldTypeDefinition> fieldTypes() {
        return fieldTypes.values();
    }

    /**
     * @param fieldType a field type name
     * @return whether its values are secrets; unknown types count as secret
     */
    public boolean isSensitive(String fieldType) {
        return fieldType(fieldType).map(FieldTypeDefinition::sensitive).orElse(true);
    }

    private static CastellanException invalid(String why) {
        return new CastellanException(ErrorCode.BAD_REQUEST, "record type definitions: " + why);
    }

    private static final ObjectMapper MAPPER = Json.newMapper();

    private record File(String comment, Map<String, FieldTypeJson> fieldTypes, List<RecordTypeJson> recordTypes) {
        File {
            fieldTypes = fieldTypes == null ? Map.of() : fieldTypes;
            recordTypes = recordTypes == null ? List.of() : recordTypes;
        }
    }

    private record FieldTypeJson(ValueShape value, Map<String, ValueShape> keys, Boolean sensitive) {
    }

    private record FieldJson(String type, String label, String displayLabel, Boolean required) {
    }

    private record RecordTypeJson(String name, String description, Integer recordVersion, List<FieldJson> fields) {
        RecordTypeDefinition toDefinition() {
            if (name == null || name.isBlank() || fields == null || fields.stream().anyMatch(f -> f.type() == null)) {
                throw invalid("a record type lacks its name, fields or a field type");
            }
            return new RecordTypeDefinition(name, description, recordVersion == null ? 3 : recordVersion,
                    fields.stream().map(f -> new FieldDefinition(f.type(), f.label(), f.displayLabel(),
                            Boolean.TRUE.equals(f.required()))).toList());
        }
    }

    private static final class BuiltIn {
        static final RecordTypes INSTANCE = loadBuiltIn();

        private static RecordTypes loadBuiltIn() {
            try (InputStream in = RecordTypes.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(BUILT_IN_RESOURCE + " is missing from the classpath");
                }
                return load(in);
            } catch (IOException e) {
                throw new IllegalStateException(BUILT_IN_RESOURCE + " cannot be read", e);
            }
        }
    }
}
