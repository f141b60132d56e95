package org.sharpeye.registry;

/** One bad field of a record: its name and why it was refused. */
public record FieldError(String field, String reason) {
}
