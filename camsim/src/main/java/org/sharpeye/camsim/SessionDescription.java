package org.sharpeye.camsim;

import org.sharpeye.media.Codec;

import java.util.Base64;

/** Writes the SDP (RFC 4566) a camera answers DESCRIBE with: one H.264 (RFC 6184) or H.265 (RFC 7798) video track. */
final class SessionDescription {

    private SessionDescription() {
    }

    /** The SDP for a clip, with the relative control {@code trackID=0}. */
    static String of(Clip clip, String cameraName, long sessionId) {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder s = new StringBuilder(512);
        s.append("v=0\r\n");
        s.append("o=- ").append(sessionId).append(' ').append(sessionId).append(" IN IP4 0.0.0.0\r\n");
        s.append("s=").append(cameraName.replaceAll("[\\r\\n]", " ")).append("\r\n");
        s.append("c=IN IP4 0.0.0.0\r\n");
        s.append("t=0 0\r\n");
        s.append("a=control:*\r\n");
        s.append("a=range:npt=now-\r\n");
        s.append("m=video 0 RTP/AVP 96\r\n");
        s.append("a=control:trackID=0\r\n");
        if (clip.codec() == Codec.H265) {
            s.append("a=rtpmap:96 H265/90000\r\n");
            s.append("a=fmtp:96 sprop-vps=").append(b64.encodeToString(clip.vps()))
                    .append(";sprop-sps=").append(b64.encodeToString(clip.sps()))
                    .append(";sprop-pps=").append(b64.encodeToString(clip.pps())).append("\r\n");
        } else {
            byte[] sps = clip.sps();
            // profile-level-id is profile_idc, the constraint flags and level_idc: SPS bytes 1..3 (RFC 6184 8.1).
            String profileLevel = sps.length >= 4 ? String.format("%02X%02X%02X", sps[1], sps[2], sps[3]) : "42E01F";
            s.append("a=rtpmap:96 H264/90000\r\n");
            s.append("a=fmtp:96 packetization-mode=1;profile-level-id=").append(profileLevel)
                    .append(";sprop-parameter-sets=").append(b64.encodeToString(sps)).append(',')
                    .append(b64.encodeToString(clip.pps())).append("\r\n");
        }
        s.append("a=framerate:").append(clip.fps()).append("\r\n");
        s.append("a=recvonly\r\n");
        return s.toString();
    }
}
