package org.sharpeye.gateway.live;

import java.time.Instant;

/**
 * One finished live view, for the audit log (Cybersecurity Law art. 21: who watched which camera, when, from where).
 *
 * @param output flv, ws-flv, ws-mp4, hls or hls-ts
 * @param bytes container bytes sent to the viewer
 */
public record ViewRecord(String username, String cameraId, String profile, String output, String clientAddress,
                         Instant start, Instant end, long bytes) {
}
