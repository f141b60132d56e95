package org.sharpeye.ingest;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;

/**
 * Debian's GStreamer RTSP server without authentication, shared by the tests of one class: started before the
 * first, stopped after the last; where it is not installed, the tests are aborted. Register it in a
 * {@code @RegisterExtension static final} field.
 */
final class OpenGstRtspServer implements BeforeAllCallback, AfterAllCallback {

    private GstRtspServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        try {
            server = GstRtspServer.start("none", 0);
        } catch (IOException e) {
            Assumptions.abort("GStreamer RTSP server not available: " + e.getMessage());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The URL of a mount ({@code /h264}, {@code /h264-aac}, ...). */
    String url(String mount) {
        return server.url(mount);
    }
}
