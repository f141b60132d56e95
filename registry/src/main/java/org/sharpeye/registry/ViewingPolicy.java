package org.sharpeye.registry;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which camera tiers a room at each level of the administrative tree may see. The default is the usual rule of
 * DOMAIN.md (no national text was found, so it is configuration): class I in county and township rooms, class III in
 * the owning village and every level above; class II and other like class I. A user sees a camera only if it is in
 * the user's site subtree and its tier is allowed at the level of the user's site.
 */
public final class ViewingPolicy {
    private final Map<SiteKind, Set<CameraTier>> tiersByLevel;

    private ViewingPolicy(Map<SiteKind, Set<CameraTier>> tiersByLevel) {
        this.tiersByLevel = tiersByLevel;
    }

    /** The DOMAIN.md default. */
    public static ViewingPolicy defaults() {
        Map<SiteKind, Set<CameraTier>> m = new EnumMap<>(SiteKind.class);
        m.put(SiteKind.COUNTY, EnumSet.allOf(CameraTier.class));
        m.put(SiteKind.TOWNSHIP, EnumSet.allOf(CameraTier.class));
        m.put(SiteKind.VILLAGE, EnumSet.of(CameraTier.CLASS_III));
        m.put(SiteKind.BUSINESS_GROUP, EnumSet.allOf(CameraTier.class));
        m.put(SiteKind.VIRTUAL_ORGANISATION, EnumSet.allOf(CameraTier.class));
        return new ViewingPolicy(m);
    }

    /** A policy from explicit sets; a level missing from {@code tiers} sees nothing. */
    public static ViewingPolicy of(Map<SiteKind, Set<CameraTier>> tiers) {
        Map<SiteKind, Set<CameraTier>> m = new EnumMap<>(SiteKind.class);
        for (SiteKind k : SiteKind.values()) {
            Set<CameraTier> s = tiers.get(k);
            m.put(k, s == null || s.isEmpty() ? EnumSet.noneOf(CameraTier.class) : EnumSet.copyOf(s));
        }
        return new ViewingPolicy(m);
    }

    /** Whether a room at {@code level} may see cameras of {@code tier} (inside its subtree). */
    public boolean allows(SiteKind level, CameraTier tier) {
        return tiersByLevel.getOrDefault(level, Set.of()).contains(tier);
    }

    /** The tiers a room at {@code level} may see. */
    public Set<CameraTier> tiersAt(SiteKind level) {
        return Set.copyOf(tiersByLevel.getOrDefault(level, Set.of()));
    }
}
