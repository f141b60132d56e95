package org.sharpeye.registry.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, quoted with '"' when they hold commas, quotes or line breaks, a quote
 * inside a quoted field doubled. Each record remembers the line it starts on, for error messages.
 */
final class CsvTable {
    /** One record: its first line (1-based) and its fields. */
    record Record(int line, List<String> fields) {
    }

    /** The result of parsing: the records, or the line of the first syntax error and why. */
    record Parsed(List<Record> records, int errorLine, String error) {
    }

    private CsvTable() {
    }

    static Parsed parse(String text) {
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0; // a UTF-8 byte-order mark, as spreadsheet programs write
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    return new Parsed(out, line, "a quote inside an unquoted field");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                    out.add(new Record(recordLine, List.copyOf(fields)));
                }
                fields.clear();
                line++;
                recordLine = line;
            } else {
                if (wasQuoted) {
                    return new Parsed(out, line, "text after a closing quote");
                }
                field.append(c);
            }
        }
        if (quoted) {
            return new Parsed(out, recordLine, "a quoted field is not closed");
        }
        if (field.length() > 0 || !fields.isEmpty() || wasQuoted) {
            fields.add(field.toString());
            out.add(new Record(recordLine, List.copyOf(fields)));
        }
        return new Parsed(out, 0, null);
    }

    static void appendRecord(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
    }
}
