package org.sharpeye.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The field rules of sites, cameras and users; each check returns every bad field, not just the first. */
final class RecordRules {
    static final Pattern SITE_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]{0,39}");
    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{1,31}");
    private static final Pattern DIGITS8 = Pattern.compile("[0-9]{8}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_.-]{1,32}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    static final int MAX_TEXT = 200;

    private RecordRules() {
    }

    static List<FieldError> site(Site s, SiteTree tree) {
        List<FieldError> e = new ArrayList<>();
        if (s.id() == null || !SITE_ID.matcher(s.id()).matches()) {
            e.add(new FieldError("id", "must be 1-40 letters, digits, '_' or '-', starting with a letter or digit"));
        }
        text(e, "name", s.name(), true);
        if (s.kind() == null) {
            e.add(new FieldError("kind", "is required: one of COUNTY, TOWNSHIP, VILLAGE, BUSINESS_GROUP, "
                    + "VIRTUAL_ORGANISATION"));
        } else {
            Site parent = tree.site(s.parentId()).orElse(null);
            if (s.parentId() != null && parent == null) {
                e.add(new FieldError("parentId", "no such site: " + s.parentId()));
            } else if (!s.kind().mayHaveParent(parent == null ? null : parent.kind())) {
                e.add(new FieldError("parentId", "a " + s.kind() + " cannot sit under "
                        + (parent == null ? "nothing (the root)" : "a " + parent.kind())));
            }
        }
        if (s.centreCode() != null && !DIGITS8.matcher(s.centreCode()).matches()) {
            e.add(new FieldError("centreCode", "must be 8 digits (GB/T 28181 centre code)"));
        }
        return e;
    }

    static List<FieldError> camera(Camera c, SiteTree tree) {
        List<FieldError> e = new ArrayList<>();
        if (c.id() == null || c.id().isEmpty()) {
            e.add(new FieldError("id", "is required"));
        } else if (!CameraIds.isRegistryId(c.id())) {
            for (String p : DeviceId.cameraIdProblems(c.id())) {
                e.add(new FieldError("id", "not a GB/T 28181 camera id: " + p));
            }
        }
        text(e, "name", c.name(), true);
        Site site = tree.site(c.siteId()).orElse(null);
        if (site == null) {
            e.add(new FieldError("siteId", c.siteId() == null ? "is required" : "no such site"));
        } else if (!site.kind().administrative()) {
            e.add(new FieldError("siteId", "must be a county, township or village (groups go in groupIds)"));
        }
        if (c.tier() == null) {
            e.add(new FieldError("tier", "is required: one of CLASS_I, CLASS_II, CLASS_III, OTHER"));
        }
        if (c.mode() == null) {
            e.add(new FieldError("mode", "is required: ON_DEMAND or ALWAYS_ON"));
        }
        if (c.vendor() == null) {
            e.add(new FieldError("vendor", "is required: HIKVISION, DAHUA, UNIVIEW or OTHER"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < c.profiles().size(); i++) {
            CameraProfile p = c.profiles().get(i);
            String f = "profiles[" + i + "]";
            if (p == null || p.name() == null || !(p.name().equals("main") || p.name().equals("sub"))) {
                e.add(new FieldError(f + ".name", "must be main or sub"));
            } else if (!names.add(p.name())) {
                e.add(new FieldError(f + ".name", "duplicate profile " + p.name()));
            }
            if (p != null) {
                sourceUrl(e, f + ".url", p.url());
            }
        }
        if (c.ip() != null && !isIp(c.ip())) {
            e.add(new FieldError("ip", "must be an IPv4 or IPv6 address"));
        }
        if (c.latitude() != null && !(c.latitude() >= -90 && c.latitude() <= 90)) {
            e.add(new FieldError("latitude", "must be between -90 and 90"));
        }
        if (c.longitude() != null && !(c.longitude() >= -180 && c.longitude() <= 180)) {
            e.add(new FieldError("longitude", "must be between -180 and 180"));
        }
        text(e, "model", c.model(), false);
        text(e, "address", c.address(), false);
        text(e, "owningUnit", c.owningUnit(), false);
        text(e, "maintenanceContact", c.maintenanceContact(), false);
        if (c.retentionDays() < 0 || c.retentionDays() > 3650) {
            e.add(new FieldError("retentionDays", "must be between 0 and 3650"));
        }
        if (!(c.expectedOnlineHours() >= 0 && c.expectedOnlineHours() <= 24)) {
            e.add(new FieldError("expectedOnlineHours", "must be between 0 and 24 (hours per day)"));
        }
        if (c.tags().size() > 32) {
            e.add(new FieldError("tags", "at most 32 tags"));
        }
        for (String t : c.tags()) {
            if (t == null || !TAG.matcher(t).matches()) {
                e.add(new FieldError("tags", "a tag is 1-32 letters, digits, '_', '.' or '-'"));
                break;
            }
        }
        for (String g : c.groupIds()) {
            Site group = tree.site(g).orElse(null);
            if (group == null || group.kind().administrative()) {
                e.add(new FieldError("groupIds", "not a business group or virtual organisation: " + g));
            }
        }
        return e;
    }

    static boolean isIp(String ip) {
        return IPV4.matcher(ip).matches() || (ip.indexOf(':') >= 0 && IPV6.matcher(ip).matches());
    }

    /** Every problem of an import batch: each row's fields and credentials, and ids repeated in the batch. */
    static List<RowError> rows(List<ImportRow> rows, SiteTree tree) {
        List<RowError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ImportRow r : rows) {
            for (FieldError e : RecordRules.camera(r.camera(), tree)) {
                errors.add(new RowError(r.line(), e.field(), e.reason()));
            }
            if (r.credentials() != null) {
                for (FieldError e : RecordRules.credentials(r.credentials())) {
                    errors.add(new RowError(r.line(), e.field(), e.reason()));
                }
            }
            Integer first = r.camera().id() == null ? null : seen.putIfAbsent(r.camera().id(), r.line());
            if (first != null) {
                errors.add(new RowError(r.line(), "id", "duplicate of line " + first));
            }
        }
        return errors;
    }

    static List<FieldError> credentials(Credentials c) {
        List<FieldError> e = new ArrayList<>();
        if (c.username() == null || c.username().isEmpty() || c.username().length() > 64
                || hasControl(c.username())) {
            e.add(new FieldError("credentials.username", "must be 1-64 characters without control characters"));
        }
        if (c.password() == null || c.password().length() > 128 || hasControl(c.password())) {
            e.add(new FieldError("credentials.password", "must be at most 128 characters without control characters"));
        }
        return e;
    }

    static List<FieldError> user(User u, SiteTree tree) {
        List<FieldError> e = new ArrayList<>();
        if (u.username() == null || !USERNAME.matcher(u.username()).matches()) {
            e.add(new FieldError("username", "must be 2-32 lowercase letters, digits, '_', '.' or '-', "
                    + "starting with a letter"));
        }
        if (u.role() == null) {
            e.add(new FieldError("role", "is required"));
        }
        if (u.siteId() == null) {
            if (u.role() != Role.ADMIN) {
                e.add(new FieldError("siteId", "is required (only an admin may be unscoped)"));
            }
        } else if (tree.site(u.siteId()).isEmpty()) {
            e.add(new FieldError("siteId", "no such site"));
        }
        return e;
    }

    static List<FieldError> password(String field, String password) {
        if (password == null || password.length() < 10) {
            return List.of(new FieldError(field, "must be at least 10 characters"));
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            return List.of(new FieldError(field, "must be at most 72 bytes (bcrypt)"));
        }
        return List.of();
    }

    /** The schemes of a camera profile's URL: RTSP(S), and what ingest pulls through FFmpeg. */
    static final Set<String> URL_SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "file");

    /**
     * A profile's URL: rtsp(s)://, rtmp(s):// or http(s):// with a host, or file: with an absolute path (a file on
     * the node, e.g. a recording played as a camera). Never credentials in it: they are sealed apart, and a refused
     * URL is never echoed.
     */
    private static void sourceUrl(List<FieldError> e, String field, String url) {
        if (url == null || url.length() > 1000) {
            e.add(new FieldError(field, "is required, at most 1000 characters"));
            return;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!URL_SCHEMES.contains(scheme)) {
                e.add(new FieldError(field, "must be an rtsp(s)://, rtmp(s)://, http(s):// or file: URL"));
            } else if (u.getRawUserInfo() != null) {
                e.add(new FieldError(field, "must not carry credentials; set them in credentials"));
            } else if (scheme.equals("file")) {
                String path = u.getPath();
                if (u.isOpaque() || path == null || !path.startsWith("/") || u.getRawQuery() != null
                        || u.getRawFragment() != null || (u.getHost() != null && !u.getHost().isEmpty())) {
                    e.add(new FieldError(field, "a file: URL is file:///absolute/path, without host or query"));
                } else if (path.equals("/") || path.endsWith("/") || path.contains("/../") || path.endsWith("/..")) {
                    e.add(new FieldError(field, "a file: URL names one file, without '..'"));
                }
            } else if (u.getHost() == null) {
                e.add(new FieldError(field, "has no host"));
            }
        } catch (URISyntaxException ex) {
            e.add(new FieldError(field, "is not a URL"));
        }
    }

    private static void text(List<FieldError> e, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                e.add(new FieldError(field, "is required"));
            }
        } else if (value.length() > MAX_TEXT) {
            e.add(new FieldError(field, "at most " + MAX_TEXT + " characters"));
        } else if (hasControl(value)) {
            e.add(new FieldError(field, "must not contain control characters"));
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
    }
}
