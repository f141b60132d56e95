package org.sharpeye.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/** One camera list query over the in-memory index: subtree, filters, order, page. */
final class CameraSearch {
    /** Pages ending within this many items are cut from a bounded heap instead of a full sort. */
    private static final int HEAP_LIMIT = 10_000;

    private CameraSearch() {
    }

    static Page<Camera> run(SiteTree tree, CameraIndex index, Map<String, Camera> cameras, CameraQuery query,
            Predicate<Camera> also) {
        Collection<Camera> candidates;
        if (query.siteId() != null) {
            // A camera has one administrative site, so an administrative subtree lists it once; in the business
            // tree a camera may sit in two groups of one subtree and must be counted once.
            boolean administrative = tree.site(query.siteId()).map(s -> s.kind().administrative()).orElse(true);
            Set<String> seen = administrative ? null : new HashSet<>();
            candidates = new ArrayList<>();
            for (String s : tree.subtree(query.siteId())) {
                for (String id : index.atSite(s)) {
                    Camera c = cameras.get(id);
                    if (c != null && (seen == null || seen.add(id))) {
                        candidates.add(c);
                    }
                }
            }
        } else {
            candidates = cameras.values();
        }
        Predicate<Camera> filter = c -> (query.tier() == null || c.tier() == query.tier())
                && (query.tag() == null || c.tags().contains(query.tag()))
                && (query.text() == null || matchesText(c, query.text()))
                && also.test(c);
        Comparator<Camera> order = CameraIndex.order(query.sort());
        if (query.descending()) {
            order = order.reversed();
        }
        int offset = Math.max(query.offset(), 0);
        int limit = Math.max(query.limit(), 0);
        long wanted = (long) offset + limit;
        int matched = 0;
        List<Camera> head;
        if (wanted <= HEAP_LIMIT) {
            // A page near the start of a long list needs only its first offset+limit items in order: keep those
            // in a bounded heap (n log k) instead of sorting every match (n log n).
            PriorityQueue<Camera> top = new PriorityQueue<>(order.reversed());
            for (Camera c : candidates) {
                if (filter.test(c)) {
                    matched++;
                    if (top.size() < wanted) {
                        top.add(c);
                    } else if (wanted > 0 && order.compare(c, top.peek()) < 0) {
                        top.poll();
                        top.add(c);
                    }
                }
            }
            head = new ArrayList<>(top);
            head.sort(order);
        } else {
            head = new ArrayList<>();
            for (Camera c : candidates) {
                if (filter.test(c)) {
                    head.add(c);
                }
            }
            matched = head.size();
            head.sort(order);
        }
        int from = Math.min(offset, head.size());
        int to = (int) Math.min(wanted, head.size());
        return new Page<>(List.copyOf(head.subList(from, to)), matched, from, query.limit());
    }

    private static boolean matchesText(Camera c, String text) {
        String t = text.toLowerCase();
        return c.id().toLowerCase().contains(t) || c.name().toLowerCase().contains(t)
                || (c.address() != null && c.address().toLowerCase().contains(t));
    }
}
