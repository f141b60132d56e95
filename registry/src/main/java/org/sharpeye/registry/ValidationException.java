package org.sharpeye.registry;

import java.util.List;
import java.util.stream.Collectors;

/** A record refused because of bad fields; lists every one of them. */
public final class ValidationException extends RegistryException {
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super("invalid: " + errors.stream().map(e -> e.field() + ": " + e.reason()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    /** The bad fields. */
    public List<FieldError> errors() {
        return errors;
    }
}
