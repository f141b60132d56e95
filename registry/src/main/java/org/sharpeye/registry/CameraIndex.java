package org.sharpeye.registry;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Camera ids by the site (and business groups) they are attached to, so a subtree query touches only its cameras. */
final class CameraIndex {
    private final Map<String, Set<String>> bySite = new ConcurrentHashMap<>();

    void add(Camera c) {
        bySite.computeIfAbsent(c.siteId(), k -> ConcurrentHashMap.newKeySet()).add(c.id());
        for (String g : c.groupIds()) {
            bySite.computeIfAbsent(g, k -> ConcurrentHashMap.newKeySet()).add(c.id());
        }
    }

    void remove(Camera c) {
        Set<String> s = bySite.get(c.siteId());
        if (s != null) {
            s.remove(c.id());
        }
        for (String g : c.groupIds()) {
            Set<String> gs = bySite.get(g);
            if (gs != null) {
                gs.remove(c.id());
            }
        }
    }

    void clear() {
        bySite.clear();
    }

    Set<String> atSite(String siteId) {
        return bySite.getOrDefault(siteId, Set.of());
    }

    Set<String> sites() {
        return bySite.keySet();
    }

    /** The order named by a query's sort field; unknown names sort by id (the API validates names first). */
    static Comparator<Camera> order(String sort) {
        Comparator<Camera> byId = Comparator.comparing(Camera::id);
        if (sort == null) {
            return byId;
        }
        return switch (sort) {
            case "name" -> Comparator.comparing(Camera::name).thenComparing(byId);
            case "siteId" -> Comparator.comparing(Camera::siteId).thenComparing(byId);
            case "tier" -> Comparator.comparing(Camera::tier).thenComparing(byId);
            case "installDate" -> Comparator.comparing(Camera::installDate,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byId);
            default -> byId;
        };
    }
}
