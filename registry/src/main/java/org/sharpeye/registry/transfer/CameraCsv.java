package org.sharpeye.registry.transfer;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraProfile;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.ImportRow;
import org.sharpeye.registry.RowError;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.Vendor;

/**
 * Cameras as CSV, one per record, with a header naming the columns (any order; unknown columns are errors).
 * {@code tags} and {@code groupIds} are separated by ';'. {@code username} and {@code password} are import-only:
 * export never writes credentials. Text cells that a spreadsheet would run as a formula (starting with =, +, -, @)
 * are written with a leading apostrophe, which import strips again (OWASP CSV injection).
 */
public final class CameraCsv {
    /** The columns export writes, in order. */
    public static final List<String> COLUMNS = List.of("id", "name", "siteId", "tier", "vendor", "model", "ip",
            "latitude", "longitude", "address", "owningUnit", "maintenanceContact", "installDate", "retentionDays",
            "tags", "groupIds", "enabled", "mode", "expectedOnlineHours", "mainUrl", "subUrl");
    private static final List<String> IMPORT_ONLY = List.of("username", "password");
    private static final List<String> TEXT = List.of("name", "model", "address", "owningUnit", "maintenanceContact");

    private CameraCsv() {
    }

    /** Every camera as CSV text, header first. */
    public static String write(List<Camera> cameras) {
        StringBuilder out = new StringBuilder();
        CsvTable.appendRecord(out, COLUMNS);
        for (Camera c : cameras) {
            CsvTable.appendRecord(out, Arrays.asList(c.id(), cell(c.name()), c.siteId(), c.tier().name(),
                    c.vendor().name(), cell(c.model()), c.ip(), str(c.latitude()), str(c.longitude()),
                    cell(c.address()), cell(c.owningUnit()), cell(c.maintenanceContact()), str(c.installDate()),
                    Integer.toString(c.retentionDays()), String.join(";", c.tags()), String.join(";", c.groupIds()),
                    Boolean.toString(c.enabled()), c.mode().name(), Double.toString(c.expectedOnlineHours()),
                    c.profile(CameraProfile.MAIN).map(CameraProfile::url).orElse(""),
                    c.profile(CameraProfile.SUB).map(CameraProfile::url).orElse("")));
        }
        return out.toString();
    }

    /** The rows of CSV text, and every row that could not even be read as a camera. */
    public static ParsedFile read(String text) {
        CsvTable.Parsed parsed = CsvTable.parse(text);
        List<ImportRow> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        if (parsed.error() != null) {
            errors.add(new RowError(parsed.errorLine(), "", "CSV syntax: " + parsed.error()));
            return new ParsedFile(rows, errors);
        }
        if (parsed.records().isEmpty()) {
            errors.add(new RowError(1, "", "no header row"));
            return new ParsedFile(rows, errors);
        }
        List<String> header = parsed.records().get(0).fields().stream().map(String::strip).toList();
        for (String h : header) {
            if (!COLUMNS.contains(h) && !IMPORT_ONLY.contains(h)) {
                errors.add(new RowError(1, h, "unknown column"));
            }
        }
        if (!header.contains("name") || !header.contains("siteId") || !header.contains("tier")) {
            errors.add(new RowError(1, "", "the header needs at least name, siteId and tier"));
        }
        if (!errors.isEmpty()) {
            return new ParsedFile(rows, errors);
        }
        for (CsvTable.Record r : parsed.records().subList(1, parsed.records().size())) {
            if (r.fields().size() != header.size()) {
                errors.add(new RowError(r.line(), "", "has " + r.fields().size() + " fields, the header has "
                        + header.size()));
                continue;
            }
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String v = r.fields().get(i);
                if (TEXT.contains(header.get(i)) && v.length() > 1 && v.charAt(0) == '\''
                        && "=+-@".indexOf(v.charAt(1)) >= 0) {
                    v = v.substring(1);
                }
                m.put(header.get(i), v);
            }
            Cells cells = new Cells(r.line(), m, errors);
            int before = errors.size();
            List<CameraProfile> profiles = new ArrayList<>();
            if (!m.getOrDefault("mainUrl", "").isEmpty()) {
                profiles.add(new CameraProfile(CameraProfile.MAIN, m.get("mainUrl")));
            }
            if (!m.getOrDefault("subUrl", "").isEmpty()) {
                profiles.add(new CameraProfile(CameraProfile.SUB, m.get("subUrl")));
            }
            Camera c = new Camera(cells.text("id"), cells.text("name"), cells.text("siteId"),
                    cells.enumValue("tier", CameraTier.class, null), profiles,
                    cells.enumValue("vendor", Vendor.class, Vendor.OTHER), cells.text("model"), cells.text("ip"),
                    cells.decimal("latitude"), cells.decimal("longitude"), cells.text("address"),
                    cells.text("owningUnit"), cells.text("maintenanceContact"), cells.date("installDate"),
                    cells.integer("retentionDays", 30), cells.list("tags"), cells.list("groupIds"),
                    cells.bool("enabled", true), cells.enumValue("mode", StreamMode.class, StreamMode.ON_DEMAND),
                    cells.decimalOr("expectedOnlineHours", 24), 0);
            Credentials creds = m.containsKey("username") && !m.get("username").isEmpty()
                    ? new Credentials(m.get("username"), m.getOrDefault("password", "")) : null;
            if (errors.size() == before) {
                rows.add(new ImportRow(r.line(), c, creds));
            }
        }
        return new ParsedFile(rows, errors);
    }

    private static String cell(String s) {
        if (s != null && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Typed reading of one record's cells; a bad cell becomes a row error. */
    private record Cells(int line, Map<String, String> m, List<RowError> errors) {
        String text(String k) {
            String v = m.get(k);
            return v == null || v.isEmpty() ? null : v;
        }

        <E extends Enum<E>> E enumValue(String k, Class<E> type, E otherwise) {
            String v = text(k);
            if (v == null) {
                return otherwise;
            }
            try {
                return Enum.valueOf(type, v.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(line, k, "not one of " + Arrays.toString(type.getEnumConstants())));
                return otherwise;
            }
        }

        Double decimal(String k) {
            String v = text(k);
            if (v == null) {
                return null;
            }
            try {
                return Double.valueOf(v.strip());
            } catch (NumberFormatException e) {
                errors.add(new RowError(line, k, "not a number"));
                return null;
            }
        }

        double decimalOr(String k, double otherwise) {
            Double d = decimal(k);
            return d == null ? otherwise : d;
        }

        int integer(String k, int otherwise) {
            String v = text(k);
            if (v == null) {
                return otherwise;
            }
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                errors.add(new RowError(line, k, "not a whole number"));
                return otherwise;
            }
        }

        boolean bool(String k, boolean otherwise) {
            String v = text(k);
            if (v == null) {
                return otherwise;
            }
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            errors.add(new RowError(line, k, "must be true or false"));
            return otherwise;
        }

        LocalDate date(String k) {
            String v = text(k);
            if (v == null) {
                return null;
            }
            try {
                return LocalDate.parse(v.strip());
            } catch (DateTimeParseException e) {
                errors.add(new RowError(line, k, "not a date (yyyy-mm-dd)"));
                return null;
            }
        }

        List<String> list(String k) {
            String v = text(k);
            return v == null ? List.of() : Arrays.stream(v.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
        }
    }
}
