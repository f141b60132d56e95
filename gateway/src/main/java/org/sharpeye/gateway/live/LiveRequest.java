package org.sharpeye.gateway.live;

import io.vertx.core.http.HttpServerRequest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed live URL (DESIGN.md contract): {@code /live/{cameraId}.flv}, {@code /live/{cameraId}.mp4},
 * {@code /live/{cameraId}/index.m3u8}, with {@code profile=main|sub}, {@code codec=copy|h264} and {@code token}.
 */
record LiveRequest(String cameraId, Container container, String profile, boolean transcode, String token) {

    /** Camera ids are GB/T 28181 ids or registry ids: letters, digits, '-' and '_' only; nothing path-like. */
    private static final Pattern FILE = Pattern.compile("([A-Za-z0-9_-]{1,64})\\.(flv|mp4)");

    /** The container a viewer asked for. */
    enum Container { FLV, MP4, HLS }

    /** A live URL that cannot be served, with the status and reason to answer. */
    static final class Invalid extends Exception {
        final int status;

        Invalid(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    /** The name of the stream this request reads: {@code cameraId/profile}, with {@code /h264} for a transcode. */
    String streamName() {
        return cameraId + "/" + profile + (transcode ? "/h264" : "");
    }

    /** Parses {@code file} (the path segment after /live/) and the query of {@code request}. */
    static LiveRequest parse(String file, HttpServerRequest request) throws Invalid {
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
            throw new Invalid(400, "invalid live path: expected /live/{cameraId}.flv or .mp4");
        }
        return of(m.group(1), m.group(2).equals("flv") ? Container.FLV : Container.MP4, request);
    }

    /** A request for a camera's HLS playlist or segments. */
    static LiveRequest hls(String cameraId, HttpServerRequest request) throws Invalid {
        if (!cameraId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new Invalid(400, "invalid camera id");
        }
        return of(cameraId, Container.HLS, request);
    }

    private static LiveRequest of(String cameraId, Container container, HttpServerRequest request) throws Invalid {
        String profile = orDefault(request.getParam("profile"), "main");
        if (!profile.equals("main") && !profile.equals("sub")) {
            throw new Invalid(400, "profile must be main or sub");
        }
        String codec = orDefault(request.getParam("codec"), "copy");
        if (!codec.equals("copy") && !codec.equals("h264")) {
            throw new Invalid(400, "codec must be copy or h264");
        }
        return new LiveRequest(cameraId, container, profile, codec.equals("h264"), request.getParam("token"));
    }

    private static String orDefault(String v, String def) {
        return v == null || v.isEmpty() ? def : v;
    }
}
