package org.sharpeye.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable snapshot of both site trees, indexed by id and by parent. */
public final class SiteTree {
    private final Map<String, Site> byId;
    private final Map<String, List<String>> children;

    private SiteTree(Map<String, Site> byId) {
        this.byId = byId;
        this.children = new HashMap<>();
        for (Site s : byId.values()) {
            if (s.parentId() != null) {
                children.computeIfAbsent(s.parentId(), k -> new ArrayList<>()).add(s.id());
            }
        }
    }

    /** A tree of {@code sites}. */
    public static SiteTree of(Collection<Site> sites) {
        Map<String, Site> m = new HashMap<>();
        for (Site s : sites) {
            m.put(s.id(), s);
        }
        return new SiteTree(m);
    }

    /** This tree with {@code site} added or replaced. */
    public SiteTree with(Site site) {
        Map<String, Site> m = new HashMap<>(byId);
        m.put(site.id(), site);
        return new SiteTree(m);
    }

    /** This tree without the site {@code id}. */
    public SiteTree without(String id) {
        Map<String, Site> m = new HashMap<>(byId);
        m.remove(id);
        return new SiteTree(m);
    }

    /** The site {@code id}. */
    public Optional<Site> site(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** Every site. */
    public Collection<Site> all() {
        return byId.values();
    }

    /** The number of sites. */
    public int size() {
        return byId.size();
    }

    /** The direct children of {@code id}. */
    public List<String> children(String id) {
        return children.getOrDefault(id, List.of());
    }

    /** {@code id} and everything under it (empty when {@code id} is unknown). */
    public Set<String> subtree(String id) {
        Set<String> out = new HashSet<>();
        if (!byId.containsKey(id)) {
            return out;
        }
        Deque<String> todo = new ArrayDeque<>();
        todo.add(id);
        while (!todo.isEmpty()) {
            String s = todo.poll();
            if (out.add(s)) {
                todo.addAll(children(s));
            }
        }
        return out;
    }

    /** Whether {@code id} is {@code ancestor} or lies under it. */
    public boolean isWithin(String id, String ancestor) {
        Set<String> seen = new HashSet<>();
        String cur = id;
        while (cur != null && seen.add(cur)) {
            if (cur.equals(ancestor)) {
                return true;
            }
            Site s = byId.get(cur);
            cur = s == null ? null : s.parentId();
        }
        return false;
    }
}
