package org.sharpeye.registry.health;

/**
 * An HTTP endpoint that receives the alert events of the cameras in a site subtree, signed with {@code secret}
 * (HMAC-SHA256). The secret is never shown back by the API.
 */
public record Webhook(String id, String siteId, String url, String secret, String createdBy) {

    @Override
    public String toString() {
        return "Webhook[" + id + " " + siteId + " " + url + "]";
    }
}
