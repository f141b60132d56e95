package org.sharpeye.ingest.rtsp;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One media description of an SDP (RFC 4566 5.14) with what SETUP and the depacketizer need.
 *
 * @param type "video", "audio", ...
 * @param payloadType the first format of the m= line
 * @param encoding the encoding name of its rtpmap, upper case ("H264", "H265"), or "" when absent
 * @param clockRate the clock rate of its rtpmap, or 0
 * @param fmtp the parameters of its fmtp line, keys in lower case
 * @param control the absolute URL to SETUP, resolved per RFC 2326 C.1.1
 */
public record SdpMedia(String type, int payloadType, String encoding, int clockRate, Map<String, String> fmtp,
                       URI control) {

    /** Parameter sets from fmtp: sprop-parameter-sets (RFC 6184) or sprop-vps/sps/pps (RFC 7798), decoded. */
    public List<byte[]> parameterSets() throws SdpException {
        List<byte[]> sets = new ArrayList<>();
        for (String key : List.of("sprop-vps", "sprop-sps", "sprop-pps", "sprop-parameter-sets")) {
            String value = fmtp.get(key);
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    byte[] nal = Base64.getDecoder().decode(part.trim());
                    if (nal.length > 0) {
                        sets.add(nal);
                    }
                } catch (IllegalArgumentException e) {
                    throw new SdpException(key + " is not base64");
                }
            }
        }
        return sets;
    }

    public boolean isVideo() {
        return "video".equals(type);
    }

    /** The encoding name normalized: "HEVC" is taken as H265. */
    public String codecName() {
        String name = encoding.toUpperCase(Locale.ROOT);
        return "HEVC".equals(name) ? "H265" : name;
    }
}
