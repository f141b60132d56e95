package org.sharpeye.registry.transfer;

import java.util.List;
import org.sharpeye.registry.ImportRow;
import org.sharpeye.registry.RowError;

/** An import file read into rows, with the rows that could not be read at all. */
public record ParsedFile(List<ImportRow> rows, List<RowError> errors) {
}
