package org.sharpeye.gateway.live;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Saves the start of a live HTTP response (HTTP-FLV) to a file, for ffprobe to read. */
final class HttpCapture {

    private HttpCapture() {
    }

    /** Writes the first {@code bytes} of the 200 answer to {@code url} to {@code file} (fewer if it ends first). */
    static Path firstBytes(String url, Path file, long bytes) throws Exception {
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[65536];
            long total = 0;
            while (total < bytes) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                total += n;
            }
        }
        return file;
    }
}
