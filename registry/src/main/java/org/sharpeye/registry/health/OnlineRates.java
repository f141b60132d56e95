package org.sharpeye.registry.health;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteTree;
import org.sharpeye.registry.User;

/**
 * Rolls the ledger up for a user: only cameras the user may see count. Expected time per camera per day is
 * {@code Camera.expectedOnlineHours} (capped at 24), pro-rated for today by the part of the day gone, zero for days
 * still to come and for disabled cameras.
 */
final class OnlineRates {
    private static final int MAX_CAMERAS = 1_000_000;

    private OnlineRates() {
    }

    static OnlineRateReport report(Registry registry, OnlineRateLedger ledger, User user, String siteId,
            CameraTier tier, String cameraId, LocalDate from, LocalDate to, Instant now) {
        List<Camera> cameras = registry.cameras(user, new CameraQuery(siteId, tier, null, null, null, "id", false, 0,
                MAX_CAMERAS)).items();
        if (cameraId != null) {
            cameras = cameras.stream().filter(c -> c.id().equals(cameraId)).toList();
        }
        SiteTree tree = registry.sites();
        String root = siteId != null ? siteId : user.siteId();
        List<String> children = root == null
                ? tree.all().stream().filter(s -> s.parentId() == null).map(Site::id).sorted().toList()
                : tree.children(root).stream().sorted().toList();
        Map<CameraTier, OnlineRate> byTier = new EnumMap<>(CameraTier.class);
        OnlineRate[] bySite = new OnlineRate[children.size()];
        java.util.Arrays.fill(bySite, OnlineRate.EMPTY);
        OnlineRate total = OnlineRate.EMPTY;
        List<OnlineRateReport.CameraRate> perCamera = new ArrayList<>();
        for (Camera c : cameras) {
            OnlineRate r = rate(ledger, c, from, to, now);
            total = total.plus(r);
            byTier.merge(c.tier(), r, OnlineRate::plus);
            for (int i = 0; i < children.size(); i++) {
                String child = children.get(i);
                if (tree.isWithin(c.siteId(), child) || c.groupIds().stream().anyMatch(g -> tree.isWithin(g, child))) {
                    bySite[i] = bySite[i].plus(r);
                }
            }
            if (cameraId != null) {
                perCamera.add(new OnlineRateReport.CameraRate(c.id(), c.name(), r));
            }
        }
        List<OnlineRateReport.SiteRate> sites = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            if (bySite[i].cameras() > 0) {
                String id = children.get(i);
                sites.add(new OnlineRateReport.SiteRate(id, tree.site(id).map(Site::name).orElse(id), bySite[i]));
            }
        }
        return new OnlineRateReport(root, from, to, total, byTier, sites, perCamera);
    }

    /** One camera's figures over the days {@code from}..{@code to}. */
    static OnlineRate rate(OnlineRateLedger ledger, Camera c, LocalDate from, LocalDate to, Instant now) {
        LocalDate today = now.atZone(ledger.zone()).toLocalDate();
        double hours = Math.max(0, Math.min(24, c.expectedOnlineHours()));
        double online = 0;
        double intact = 0;
        double expected = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            DayFigures f = ledger.figures(c.id(), d);
            online += f.onlineMillis() / 1000.0;
            intact += f.intactMillis() / 1000.0;
            if (!c.enabled() || d.isAfter(today)) {
                continue;
            }
            double share = 1.0;
            if (d.equals(today)) {
                Instant start = d.atStartOfDay(ledger.zone()).toInstant();
                Instant end = d.plusDays(1).atStartOfDay(ledger.zone()).toInstant();
                share = (double) Duration.between(start, now).toMillis() / Duration.between(start, end).toMillis();
            }
            expected += hours * 3600 * share;
        }
        return new OnlineRate(1, online, intact, expected);
    }
}
