package org.sharpeye.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A GB/T 28181-2016 Appendix D device id, checked digit group by digit group: centre code (1-8), industry (9-10),
 * type (11-13), network (14), serial (15-20).
 */
public final class DeviceId {
    /** GB/T 2260 province-level prefixes (digits 1-2). */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
            "71", "81", "82");
    /** Type codes (digits 11-13) that denote a camera: 131 camera, 132 IP camera. */
    public static final Set<String> CAMERA_TYPES = Set.of("131", "132");

    private DeviceId() {
    }

    /** The reasons {@code id} is not a valid GB/T 28181 camera id; empty when it is one. */
    public static List<String> cameraIdProblems(String id) {
        List<String> problems = new ArrayList<>();
        if (id == null || id.length() != 20) {
            problems.add("must be 20 digits, got " + (id == null ? "nothing" : id.length() + " characters"));
            return problems;
        }
        for (int i = 0; i < 20; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                problems.add("position " + (i + 1) + " is not a digit");
                return problems;
            }
        }
        if (!PROVINCES.contains(id.substring(0, 2))) {
            problems.add("positions 1-2 (province " + id.substring(0, 2) + ") are not a GB/T 2260 province code");
        }
        // Positions 3-8 are city, county and grassroots unit; unused trailing groups are 00, so a zero city with a
        // non-zero county is inconsistent.
        if (id.startsWith("00", 2) && !id.startsWith("0000", 4)) {
            problems.add("positions 3-4 (city 00) cannot be followed by a county or grassroots unit");
        }
        if (id.startsWith("00", 4) && !id.startsWith("00", 6)) {
            problems.add("positions 5-6 (county 00) cannot be followed by a grassroots unit");
        }
        String type = id.substring(10, 13);
        if (!CAMERA_TYPES.contains(type)) {
            problems.add("positions 11-13 (type " + type + ") must be 131 (camera) or 132 (IP camera)");
        }
        if (id.charAt(13) == '9') {
            problems.add("position 14 (network 9) is reserved; 0-8 are defined");
        }
        return problems;
    }

    /** Whether {@code id} is a valid GB/T 28181 camera id. */
    public static boolean isCameraId(String id) {
        return cameraIdProblems(id).isEmpty();
    }

    /** The id built from its parts: {@code centreCode} (8 digits), industry (2), type (3), network (1), serial. */
    public static String of(String centreCode, int industry, int type, int network, int serial) {
        if (centreCode.length() != 8) {
            throw new IllegalArgumentException("centre code must be 8 digits: " + centreCode);
        }
        return centreCode + String.format("%02d%03d%d%06d", industry, type, network, serial);
    }
}
