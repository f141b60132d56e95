package org.sharpeye.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.sharpeye.registry.RegistryJson;
import org.sharpeye.registry.ValidationException;
import org.sharpeye.registry.transfer.CameraJsonFile;

/** Reading request bodies strictly, and writing JSON answers with their ETag. */
public final class Replies {
    private static final Pattern ETAG = Pattern.compile("(W/)?\"([0-9]{1,18})\"");

    private Replies() {
    }

    /** Answers {@code value} as JSON with {@code status}. */
    public static void json(RoutingContext ctx, int status, Object value) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(RegistryJson.write(value));
    }

    /** Answers {@code value} as JSON with its version as a strong ETag (RFC 9110 section 8.8.3). */
    static void versioned(RoutingContext ctx, int status, Object value, long version) {
        ctx.response().putHeader("ETag", "\"" + version + "\"");
        json(ctx, status, value);
    }

    /**
     * The version named by {@code If-Match}; 428 when missing (RFC 6585: updates must be conditional here, so a
     * client cannot overwrite a change it has not seen), 400 when it is not one of our ETags.
     */
    static long ifMatch(RoutingContext ctx) {
        String h = ctx.request().getHeader("If-Match");
        if (h == null) {
            throw new ApiException(428, "If-Match is required: send the ETag you read");
        }
        var m = ETAG.matcher(h.strip());
        if (!m.matches()) {
            throw new ApiException(412, "If-Match does not name a version of this record");
        }
        return Long.parseLong(m.group(2));
    }

    /** The body as a {@code type}, strictly: bad JSON is 400, a bad field is 400 naming the field. */
    public static <T> T body(RoutingContext ctx, Class<T> type) {
        String ct = ctx.request().getHeader("Content-Type");
        if (ct == null || !ct.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "send application/json");
        }
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new ApiException(400, "the body is empty; send a JSON object");
        }
        try {
            T value = RegistryJson.strict().readValue(text, type);
            if (value == null) {
                throw new ApiException(400, "the body must be a JSON object, not null");
            }
            return value;
        } catch (JsonMappingException e) {
            if (e.getPath().isEmpty()) {
                boolean trailing = String.valueOf(e.getOriginalMessage()).startsWith("Trailing token");
                throw new ApiException(400, trailing ? "malformed JSON: text after the object"
                        : "the body must be a JSON object");
            }
            throw new ValidationException(CameraJsonFile.fieldOf(e), CameraJsonFile.reasonOf(e));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(400, "malformed JSON" + where);
        }
    }

    /** An integer query parameter within bounds, or the default. */
    static int intParam(RoutingContext ctx, String name, int otherwise, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "must be a whole number from " + min + " to " + max);
        }
    }
}
