package org.sharpeye.gateway.cluster;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mark a node puts on a live request it relays to the camera's owner, so that the owner audits the viewer's
 * address rather than the relaying node's. The relay names itself and the viewer and signs both, with the request's
 * URI and the time, under the cluster's shared live token key (HMAC-SHA256). The owner believes the viewer's address
 * only when the signature holds, is at most {@link #MAX_AGE_SECONDS} old and the relay is a live node; a viewer who
 * sends the headers itself (or a replay of an old relay) is audited under its own address, as if unmarked.
 */
public final class RelayMarker {
    /** Names the node that relayed a request; a request carrying it is served by the receiver or refused. */
    static final String RELAYED_BY = "X-SharpEye-Relayed-By";
    /** The viewer's address (host:port) as the relaying node saw it. */
    static final String VIEWER = "X-SharpEye-Viewer";
    /** {@code <epoch seconds>.<base64url HMAC>} over the relay, the viewer, the URI and the time. */
    static final String SIGNATURE = "X-SharpEye-Relay-Signature";
    /** How long a signed relay stays believable (clocks of the nodes may differ by as much). */
    static final long MAX_AGE_SECONDS = 30;
    /** Where the owner keeps the believed viewer address in the routing context. */
    private static final String CONTEXT_KEY = "sharpeye.relayedViewer";

    private final SecretKeySpec key;
    private final Clock clock;

    /** A marker signing with {@code key} (the live token key, the same on every node). */
    public RelayMarker(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** Marks {@code headers} of a request for {@code uri} that node {@code relay} relays for {@code viewer}. */
    void mark(MultiMap headers, String relay, String viewer, String uri) {
        long now = clock.instant().getEpochSecond();
        headers.set(RELAYED_BY, relay);
        headers.set(VIEWER, viewer);
        headers.set(SIGNATURE, now + "." + sign(relay, viewer, uri, now));
    }

    /**
     * The viewer's address of a marked request for {@code uri}, if the mark is genuine, fresh and from one of
     * {@code liveNodes} (node id -> URL); empty otherwise (no mark, forged, stale, or from a node not live).
     */
    Optional<String> viewer(MultiMap headers, String uri, Map<String, String> liveNodes) {
        String relay = headers.get(RELAYED_BY);
        String viewer = headers.get(VIEWER);
        String signature = headers.get(SIGNATURE);
        if (relay == null || viewer == null || signature == null || !liveNodes.containsKey(relay)) {
            return Optional.empty();
        }
        int dot = signature.indexOf('.');
        long at;
        try {
            at = Long.parseLong(signature.substring(0, Math.max(0, dot)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (Math.abs(clock.instant().getEpochSecond() - at) > MAX_AGE_SECONDS) {
            return Optional.empty();
        }
        byte[] expected = sign(relay, viewer, uri, at).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(viewer) : Optional.empty();
    }

    /** Keeps the believed viewer address of a relayed request for {@link #viewerAddress}. */
    static void believe(RoutingContext ctx, String viewer) {
        ctx.put(CONTEXT_KEY, viewer);
    }

    /**
     * The address to audit a live view under: the viewer's, as a live peer that relayed the request vouched for it,
     * or else the address the request came from.
     */
    public static String viewerAddress(RoutingContext ctx) {
        String relayed = ctx.get(CONTEXT_KEY);
        return relayed != null ? relayed : String.valueOf(ctx.request().remoteAddress());
    }

    private String sign(String relay, String viewer, String uri, long epochSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(String.join("\n", "sharpeye-relay-v1", relay, viewer, uri,
                    Long.toString(epochSeconds)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
