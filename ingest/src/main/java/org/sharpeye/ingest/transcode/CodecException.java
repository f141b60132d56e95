package org.sharpeye.ingest.transcode;

import org.bytedeco.ffmpeg.global.avutil;

/** An FFmpeg call failed; carries FFmpeg's error code and its text. */
public final class CodecException extends Exception {

    private final int code;

    CodecException(String what, int code) {
        super(what + ": " + describe(code));
        this.code = code;
    }

    CodecException(String message) {
        super(message);
        this.code = 0;
    }

    /** The negative AVERROR code, or 0 when the failure has none. */
    public int code() {
        return code;
    }

    static String describe(int code) {
        byte[] text = new byte[128];
        if (avutil.av_strerror(code, text, text.length) < 0) {
            return "error " + code;
        }
        int n = 0;
        while (n < text.length && text[n] != 0) {
            n++;
        }
        return new String(text, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
    }
}
