package org.sharpeye.registry;

import java.util.List;

/** The answer to an import: how many cameras were created and updated, or every bad row (and nothing applied). */
public record ImportResult(int created, int updated, List<RowError> errors) {

    /** Whether the import was applied. */
    public boolean applied() {
        return errors.isEmpty();
    }
}
