package org.sharpeye.registry.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.ImportRow;
import org.sharpeye.registry.RegistryException;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.RowError;

/** Cameras as a JSON array of camera objects ({@link CameraInput} on the way in); the line of each object is kept. */
public final class CameraJsonFile {

    private CameraJsonFile() {
    }

    /** Every camera as a JSON array (no credentials). */
    public static String write(List<Camera> cameras) {
        return RegistryJson.write(cameras);
    }

    /** The rows of a JSON array, and every element that could not be read as a camera. */
    public static ParsedFile read(String text) {
        ObjectMapper mapper = RegistryJson.strict();
        List<ImportRow> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                errors.add(new RowError(1, "", "the file must be a JSON array of cameras"));
                return new ParsedFile(rows, errors);
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int line = (int) p.currentLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    errors.add(new RowError(line, "", "an element is not a JSON object"));
                    p.skipChildren();
                    continue;
                }
                // the lenient mapper reads one element; the strict one would call the next element "trailing"
                JsonNode node = RegistryJson.mapper().readTree(p);
                try {
                    CameraInput in = mapper.treeToValue(node, CameraInput.class);
                    rows.add(new ImportRow(line, in.toCamera(), in.credentials()));
                } catch (JsonMappingException e) {
                    errors.add(new RowError(line, fieldOf(e), reasonOf(e)));
                }
            }
            if (p.nextToken() != null) {
                errors.add(new RowError((int) p.currentLocation().getLineNr(), "", "text after the array"));
            }
        } catch (JsonProcessingException e) {
            errors.add(new RowError(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "",
                    "JSON syntax: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RegistryException("cannot read JSON text", e);
        }
        return new ParsedFile(rows, errors);
    }

    /** The dotted path of the field a mapping error is about ("profiles[0].url"). */
    public static String fieldOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** A short reason for a mapping error, without Jackson's class names or the offending input echoed back. */
    public static String reasonOf(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f
                && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return "not one of " + java.util.Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            return "wrong type, expected " + describe(m.getTargetType());
        }
        return "invalid value";
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == java.time.LocalDate.class) {
            return "a date (yyyy-mm-dd)";
        }
        return "an object";
    }
}
