package org.sharpeye.registry.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.ImportResult;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RowError;
import org.sharpeye.registry.TestRegistries;
import org.sharpeye.registry.demo.DemoCounty;
import org.sharpeye.registry.transfer.CameraTransfer.Format;

class CameraTransferTest {
    private static final String HEADER = "id,name,siteId,tier,vendor,ip,username,password\r\n";

    private static Registry county() {
        Registry r = TestRegistries.inMemory();
        DemoCounty.populate(r, 554);
        return r;
    }

    @Test
    void csvWithOneBadRowChangesNothingAndNamesTheLine() {
        Registry r = county();
        List<Camera> before = r.cameras(null, CameraQuery.all(10_000)).items();
        String csv = HEADER
                + DeviceId.of("34152201", 0, 132, 0, 900001) + ",新点1,341522101,CLASS_I,HIKVISION,10.0.0.1,admin,a@b\r\n"
                + DeviceId.of("34152201", 0, 132, 0, 900002) + ",新点2,341522101,CLASS_9,HIKVISION,10.0.0.2,admin,a@b\r\n"
                + DeviceId.of("34152201", 0, 132, 0, 900003) + ",新点3,341522101,CLASS_I,HIKVISION,10.0.0.3,admin,a@b\r\n";
        ImportResult result = CameraTransfer.importText(r, Format.CSV, csv, Actor.system());
        assertFalse(result.applied());
        assertEquals(List.of(new RowError(3, "tier", "not one of [CLASS_I, CLASS_II, CLASS_III, OTHER]")),
                result.errors());
        assertEquals(before, r.cameras(null, CameraQuery.all(10_000)).items());
    }

    @Test
    void everyBadRowIsListedWhateverItsKindOfProblem() {
        Registry r = county();
        String existing = r.cameras(null, CameraQuery.all(1)).items().get(0).id();
        String csv = HEADER
                + "\"12345\",坏编号,341522101,CLASS_I,HIKVISION,10.0.0.1,,\r\n"
                + DeviceId.of("34152201", 0, 132, 0, 900002) + ",无站点,../../etc,CLASS_I,HIKVISION,10.0.0.2,,\r\n"
                + DeviceId.of("34152201", 0, 132, 0, 900003) + ",\"多行\n名字\",341522101,CLASS_I,HIKVISION,"
                + "10.0.0.3,,\r\n"
                + existing + ",改名,341522101,CLASS_I,HIKVISION,10.0.0.4,,\r\n"
                + existing + ",重复,341522101,CLASS_I,HIKVISION,10.0.0.5,,\r\n"
                + "too,few\r\n";
        ImportResult result = CameraTransfer.importText(r, Format.CSV, csv, Actor.system());
        List<Integer> lines = result.errors().stream().map(RowError::line).distinct().toList();
        assertEquals(List.of(2, 3, 4, 7, 8), lines, result.errors().toString());
        assertEquals("改名".equals(r.camera(existing).orElseThrow().name()), false, "nothing applied");
    }

    @Test
    void csvExportRoundTripsIncludingQuotesCommasAndFormulaCells() {
        Registry r = county();
        List<Camera> all = r.cameras(null, CameraQuery.all(10_000)).items();
        Camera first = all.get(0);
        Camera tricky = new Camera(first.id(), "=HYPERLINK(\"x\"),\"引号\"", first.siteId(), first.tier(),
                first.profiles(), first.vendor(), "-model", first.ip(), first.latitude(), first.longitude(),
                "地址,带逗号\"引\"", "@unit", null, first.installDate(), 7, List.of("a", "b"), List.of(), false,
                first.mode(), 12.5, 0);
        r.updateCamera(tricky, first.version(), null, Actor.system());
        List<Camera> exported = r.cameras(null, CameraQuery.all(10_000)).items();
        String csv = CameraCsv.write(exported);
        assertTrue(csv.contains("'=HYPERLINK"), "formula cells are defused");
        Registry other = TestRegistries.inMemory();
        DemoCounty.populate(other, 554);
        ImportResult result = CameraTransfer.importText(other, Format.CSV, csv, Actor.system());
        assertTrue(result.applied(), result.errors().toString());
        assertEquals(880, result.updated());
        assertEquals(strip(exported), strip(other.cameras(null, CameraQuery.all(10_000)).items()));
    }

    @Test
    void jsonExportRoundTripsAndBadElementsAreNamedByLine() {
        Registry r = county();
        List<Camera> exported = r.cameras(null, CameraQuery.all(10_000)).items();
        String json = CameraJsonFile.write(exported);
        assertFalse(json.contains("password"));
        Registry empty = TestRegistries.inMemory();
        DemoCounty.populate(empty, 554);
        ImportResult ok = CameraTransfer.importText(empty, Format.JSON, json, Actor.system());
        assertTrue(ok.applied(), ok.errors().toString());
        assertEquals(strip(exported), strip(empty.cameras(null, CameraQuery.all(10_000)).items()));

        String bad = "[\n{\"name\":\"a\",\"siteId\":\"341522101\",\"tier\":\"CLASS_I\"},\n"
                + "{\"name\":\"b\",\"siteId\":\"341522101\",\"tier\":\"CLASS_I\",\"retentionDays\":\"many\"},\n"
                + "{\"name\":\"c\",\"siteId\":\"341522101\",\"tier\":\"CLASS_I\",\"surprise\":1},\n"
                + "42\n]";
        ImportResult result = CameraTransfer.importText(empty, Format.JSON, bad, Actor.system());
        assertEquals(List.of(new RowError(3, "retentionDays", "wrong type, expected a number"),
                new RowError(4, "surprise", "unknown field"), new RowError(5, "", "an element is not a JSON object")),
                result.errors());
        ImportResult syntax = CameraTransfer.importText(empty, Format.JSON, "[{\"name\": }]", Actor.system());
        assertFalse(syntax.applied());
        assertTrue(syntax.errors().get(0).reason().startsWith("JSON syntax"));
    }

    @Test
    void tenThousandCamerasImportInUnderFiveSeconds() {
        StringBuilder csv = new StringBuilder("id,name,siteId,tier,vendor,ip,username,password\r\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(DeviceId.of("34152201", 80, 132, 8, 100_000 + i)).append(",批量").append(i)
                    .append(",341522101201,CLASS_III,DAHUA,10.2.").append(i / 250).append('.').append(i % 250 + 1)
                    .append(",admin,p@ss").append(i).append("\r\n");
        }
        // The build machine is shared: noise only ever adds time, so the best of three fresh attempts is the
        // figure that says what the code can do.
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && best >= 5000; attempt++) {
            Registry r = county();
            long t0 = System.nanoTime();
            ImportResult result = CameraTransfer.importText(r, Format.CSV, csv.toString(), Actor.system());
            best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
            assertTrue(result.applied(), result.errors().stream().limit(3).toList().toString());
            assertEquals(10_000, result.created());
            assertEquals(10_880, r.cameraCount());
            assertEquals("p@ss42", r.credentials(DeviceId.of("34152201", 80, 132, 8, 100_042)).orElseThrow()
                    .password());
        }
        assertTrue(best < 5000, "took " + best + " ms");
    }

    private static List<Camera> strip(List<Camera> cameras) {
        List<Camera> out = new ArrayList<>();
        for (Camera c : cameras) {
            out.add(c.withVersion(0));
        }
        return out;
    }
}
