package org.sharpeye.ingest.rtsp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A session description (RFC 4566) as a camera answers DESCRIBE: its media with their control URLs, rtpmap and
 * fmtp. Only what ingest needs is read; unknown lines are skipped. Bounded: the text, the number of lines and
 * of media are limited, so a hostile camera costs a bounded amount of work.
 *
 * @param control the aggregate control URL (session-level a=control resolved, else the base): PLAY goes there
 */
public record Sdp(URI control, List<SdpMedia> media) {

    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_LINES = 2000;
    public static final int MAX_MEDIA = 16;

    /**
     * Parses {@code text}; relative control URLs are resolved against {@code base}, which the caller takes from
     * Content-Base, else Content-Location, else the DESCRIBE request URL (RFC 2326 C.1.1).
     */
    public static Sdp parse(String text, URI base) throws SdpException {
        if (text.length() > MAX_BYTES) {
            throw new SdpException("SDP of " + text.length() + " characters, limit " + MAX_BYTES);
        }
        String[] lines = text.split("\r?\n", MAX_LINES + 1);
        if (lines.length > MAX_LINES) {
            throw new SdpException("SDP over " + MAX_LINES + " lines");
        }
        if (lines.length == 0 || !lines[0].trim().startsWith("v=")) {
            throw new SdpException("not an SDP: no v= line first");
        }
        String sessionControl = null;
        List<MediaBuilder> builders = new ArrayList<>();
        MediaBuilder current = null;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue; // blank or junk line: tolerated, cameras write both
            }
            char kind = line.charAt(0);
            String value = line.substring(2);
            if (kind == 'm') {
                if (builders.size() == MAX_MEDIA) {
                    throw new SdpException("SDP with more than " + MAX_MEDIA + " media");
                }
                current = MediaBuilder.of(value);
                builders.add(current);
            } else if (kind == 'a') {
                String attribute = value;
                if (current == null) {
                    if (attribute.startsWith("control:")) {
                        sessionControl = attribute.substring(8).trim();
                    }
                } else {
                    current.attribute(attribute);
                }
            }
        }
        URI sessionBase = sessionControl == null || "*".equals(sessionControl)
                ? base : resolve(base, sessionControl);
        List<SdpMedia> media = new ArrayList<>();
        for (MediaBuilder b : builders) {
            media.add(b.build(sessionBase));
        }
        return new Sdp(sessionBase, List.copyOf(media));
    }

    /** The first video media whose codec is one of {@code codecs} ("H264", "H265"). */
    public Optional<SdpMedia> firstVideo(List<String> codecs) {
        return media.stream().filter(SdpMedia::isVideo).filter(m -> codecs.contains(m.codecName())).findFirst();
    }

    /**
     * Resolves a control attribute. An absolute URL stands as it is and "*" means the base itself. A relative one
     * is appended to the base with a '/' between, as cameras and common clients do (the base is the stream, not a
     * directory: "rtsp://cam/live" + "trackID=1" is "rtsp://cam/live/trackID=1").
     */
    static URI resolve(URI base, String control) throws SdpException {
        if (control.isEmpty() || "*".equals(control)) {
            return base;
        }
        try {
            if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
                return new URI(control);
            }
            String b = base.toString();
            return new URI(b.endsWith("/") ? b + control : b + "/" + control);
        } catch (URISyntaxException e) {
            throw new SdpException("control URL is not a URI: " + e.getReason());
        }
    }

    private static final class MediaBuilder {
        private final String type;
        private final int payloadType;
        private String control;
        private String encoding = "";
        private int clockRate;
        private final Map<String, String> fmtp = new HashMap<>();

        private MediaBuilder(String type, int payloadType) {
            this.type = type;
            this.payloadType = payloadType;
        }

        // m=<media> <port> <proto> <fmt> ...
        static MediaBuilder of(String value) throws SdpException {
            String[] parts = value.trim().split("\\s+");
            if (parts.length < 4) {
                throw new SdpException("malformed m= line");
            }
            int pt;
            try {
                pt = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                pt = -1; // not an RTP format; kept so the media count is right, never set up
            }
            if (pt > 127) {
                throw new SdpException("payload type " + pt + " out of range");
            }
            return new MediaBuilder(parts[0].toLowerCase(Locale.ROOT), pt);
        }

        void attribute(String a) throws SdpException {
            if (a.startsWith("control:")) {
                control = a.substring(8).trim();
            } else if (a.startsWith("rtpmap:")) {
                // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
                String[] parts = a.substring(7).trim().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(String.valueOf(payloadType))) {
                    String[] enc = parts[1].split("/");
                    encoding = enc[0].trim().toUpperCase(Locale.ROOT);
                    if (enc.length > 1) {
                        try {
                            clockRate = Integer.parseInt(enc[1].trim());
                        } catch (NumberFormatException e) {
                            throw new SdpException("rtpmap clock rate is not a number");
                        }
                    }
                }
            } else if (a.startsWith("fmtp:")) {
                String[] parts = a.substring(5).trim().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(String.valueOf(payloadType))) {
                    for (String param : parts[1].split(";")) {
                        int eq = param.indexOf('=');
                        if (eq > 0) {
                            fmtp.put(param.substring(0, eq).trim().toLowerCase(Locale.ROOT), param.substring(eq + 1).trim());
                        }
                    }
                }
            }
        }

        SdpMedia build(URI base) throws SdpException {
            return new SdpMedia(type, payloadType, encoding, clockRate, Map.copyOf(fmtp),
                    control == null ? base : resolve(base, control));
        }
    }
}
