package org.sharpeye.registry;

/** Why one row of an import file was refused: its line number (1-based), the field, the reason. */
public record RowError(int line, String field, String reason) {
}
