package org.sharpeye.registry.demo;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.ImportResult;
import org.sharpeye.registry.ImportRow;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RegistryException;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.StreamMode;
import org.sharpeye.registry.Vendor;

/**
 * A demo county shaped like DOMAIN.md: county 341522 (霍邱县), 7 townships, 95 villages; 200 class-I Hikvision
 * cameras on the county and township centres, 680 class-III Dahua or Uniview cameras in the villages. Camera i
 * (0-based over all 880, class I first) has IP 127.1.{i / 250}.{i % 250 + 1} and its vendor's RTSP paths on
 * {@code rtspPort}; every camera has user "admin" and one random password per run (with '@' and other characters
 * that need URL-encoding).
 */
public final class DemoCounty {
    /** The county's GB/T 2260 region code, the site id of the county. */
    public static final String COUNTY_ID = "341522";
    /** The county centre's GB/T 28181 centre code. */
    public static final String COUNTY_CENTRE = "34152200";
    public static final int TOWNSHIPS = 7;
    public static final int VILLAGES = 95;
    public static final int CLASS_I_CAMERAS = 200;
    public static final int CLASS_III_CAMERAS = 680;

    private static final String[] TOWNSHIP_NAMES = {"城关镇", "新店镇", "柳林乡", "王截流乡", "白莲乡", "冯井镇", "石店镇"};
    private static final String[] SURNAMES = {"张", "李", "王", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
        "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
    private static final String[] VILLAGE_SUFFIXES = {"庄村", "楼村", "集村", "湾村", "店村", "岗村", "圩村"};
    private static final String[] CLASS_I_SPOTS = {"政府门口", "十字路口", "汽车站", "派出所门口", "中学门口", "卫生院",
        "农贸市场", "加油站", "主干道", "大桥", "广场", "银行网点"};
    private static final String[] CLASS_III_SPOTS = {"村委会", "村口", "小学门口", "超市", "文化广场", "桥头", "卫生室",
        "主路"};
    private static final double COUNTY_LAT = 32.35;
    private static final double COUNTY_LON = 116.28;

    /** What {@link #populate} built: the county's site id, the counts, and the one password of this run. */
    public record Summary(String countyId, int sites, int cameras, Credentials credentials) {
        @Override
        public String toString() {
            return "Summary[countyId=" + countyId + ", sites=" + sites + ", cameras=" + cameras + ", credentials="
                    + credentials + "]";
        }
    }

    private DemoCounty() {
    }

    /**
     * Fills an empty {@code registry} with the demo county; the cameras' RTSP URLs point at {@code rtspPort}. A
     * registry that already holds the county (a reused data directory) is left as it is and summarised, with the
     * credentials stored then.
     */
    public static Summary populate(Registry registry, int rtspPort) {
        if (registry.site(COUNTY_ID).isPresent()) {
            String first = DeviceId.of(COUNTY_CENTRE, 0, 132, 0, 1);
            Credentials stored = registry.credentials(first)
                    .orElseThrow(() -> new RegistryException("the registry holds county " + COUNTY_ID
                            + " but not the demo's camera " + first));
            return new Summary(COUNTY_ID, registry.sites().size(), registry.cameraCount(), stored);
        }
        Credentials credentials = new Credentials("admin", randomPassword());
        Actor actor = Actor.system();
        Random geo = new Random(341522);

        List<Site> townships = new ArrayList<>();
        List<Site> villages = new ArrayList<>();
        List<double[]> townshipGps = new ArrayList<>();
        List<double[]> villageGps = new ArrayList<>();
        registry.createSite(new Site(COUNTY_ID, "霍邱县", SiteKind.COUNTY, null, COUNTY_CENTRE, 0), actor);
        int village = 0;
        for (int t = 0; t < TOWNSHIPS; t++) {
            String townshipId = COUNTY_ID + (101 + t);
            String centre = COUNTY_ID + String.format("%02d", t + 1);
            Site township = registry.createSite(
                    new Site(townshipId, TOWNSHIP_NAMES[t], SiteKind.TOWNSHIP, COUNTY_ID, centre, 0), actor);
            townships.add(township);
            double[] tg = {COUNTY_LAT + (geo.nextDouble() - 0.5) * 0.3, COUNTY_LON + (geo.nextDouble() - 0.5) * 0.3};
            townshipGps.add(tg);
            // 95 villages over 7 townships: the first four have 14, the others 13.
            int count = t < 4 ? 14 : 13;
            for (int v = 0; v < count; v++, village++) {
                String name = SURNAMES[village % SURNAMES.length]
                        + VILLAGE_SUFFIXES[(village / SURNAMES.length) % VILLAGE_SUFFIXES.length];
                villages.add(registry.createSite(new Site(townshipId + (201 + v), name, SiteKind.VILLAGE, townshipId,
                        centre, 0), actor));
                villageGps.add(new double[] {tg[0] + (geo.nextDouble() - 0.5) * 0.1,
                    tg[1] + (geo.nextDouble() - 0.5) * 0.1});
            }
        }

        List<ImportRow> rows = new ArrayList<>();
        // 200 class-I cameras: 25 on the county centre and 25 on each township.
        for (int i = 0; i < CLASS_I_CAMERAS; i++) {
            int owner = i / 25;
            Site site = owner == 0 ? registry.site(COUNTY_ID).orElseThrow() : townships.get(owner - 1);
            double[] gps = owner == 0 ? new double[] {COUNTY_LAT, COUNTY_LON} : townshipGps.get(owner - 1);
            String spot = CLASS_I_SPOTS[(i % 25) % CLASS_I_SPOTS.length] + suffix((i % 25) / CLASS_I_SPOTS.length);
            String id = DeviceId.of(site.centreCode(), 0, 132, 0, i + 1);
            rows.add(row(rows.size() + 1, id, site, site.name() + spot, CameraTier.CLASS_I, Vendor.HIKVISION,
                    "DS-2CD3T47", i, rtspPort, gps, geo, "霍邱县公安局", "县公安局科技通信科 0564-6022110",
                    credentials));
        }
        // 680 class-III cameras over 95 villages: the first 15 villages have 8, the others 7.
        int i = CLASS_I_CAMERAS;
        for (int v = 0; v < VILLAGES; v++) {
            Site site = villages.get(v);
            int count = v < 15 ? 8 : 7;
            for (int k = 0; k < count; k++, i++) {
                Vendor vendor = i % 2 == 0 ? Vendor.DAHUA : Vendor.UNIVIEW;
                String id = DeviceId.of(site.centreCode(), 80, 132, 8, i + 1);
                rows.add(row(rows.size() + 1, id, site, site.name() + CLASS_III_SPOTS[k % CLASS_III_SPOTS.length],
                        CameraTier.CLASS_III, vendor, vendor == Vendor.DAHUA ? "DH-IPC-HFW2431S" : "IPC2124LB",
                        i, rtspPort, villageGps.get(v), geo, site.name() + "村民委员会", "村网格员 138" + (10000000 + i),
                        credentials));
            }
        }
        ImportResult result = registry.importCameras(rows, actor);
        if (!result.applied()) {
            throw new RegistryException("demo county does not validate: " + result.errors().get(0));
        }
        return new Summary(COUNTY_ID, 1 + TOWNSHIPS + VILLAGES, rows.size(), credentials);
    }

    /** The demo IP of camera number {@code i} (0-based over all cameras): 127.1.{i / 250}.{i % 250 + 1}. */
    public static String ipOf(int i) {
        return "127.1." + (i / 250) + "." + (i % 250 + 1);
    }

    private static ImportRow row(int line, String id, Site site, String name, CameraTier tier, Vendor vendor,
            String model, int i, int rtspPort, double[] gps, Random geo, String unit, String contact,
            Credentials credentials) {
        String ip = ipOf(i);
        Camera c = new Camera(id, name, site.id(), tier, vendor.profiles(ip, rtspPort, 1), vendor, model, ip,
                round(gps[0] + (geo.nextDouble() - 0.5) * 0.01), round(gps[1] + (geo.nextDouble() - 0.5) * 0.01),
                "安徽省六安市霍邱县" + (site.kind() == SiteKind.COUNTY ? "" : site.name()) + name.substring(site.name().length()),
                unit, contact, LocalDate.of(2019, 1, 1).plusDays(geo.nextInt(2000)), tier == CameraTier.CLASS_I ? 90 : 30,
                tier == CameraTier.CLASS_I ? List.of("class1", "public-security") : List.of("class3", "village"),
                List.of(), true, StreamMode.ON_DEMAND, 24, 0);
        return new ImportRow(line, c, credentials);
    }

    private static String suffix(int n) {
        return n == 0 ? "" : "-" + (n + 1);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 10; k++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        // Real camera passwords carry '@', ':' and '#', which must be percent-encoded in an RTSP URL.
        b.insert(3, '@').insert(7, '#').append(":!");
        return b.toString();
    }
}
