package org.sharpeye.registry.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraQuery;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.DeviceId;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.Vendor;

class DemoCountyTest {

    @Test
    void buildsTheCountyOfDomainMd() {
        try (Registry registry = Registry.inMemory()) {
            DemoCounty.Summary s = DemoCounty.populate(registry, 8554);
            assertEquals(103, s.sites());
            assertEquals(880, registry.cameraCount());
            assertEquals(7, registry.sites().all().stream().filter(x -> x.kind() == SiteKind.TOWNSHIP).count());
            assertEquals(95, registry.sites().all().stream().filter(x -> x.kind() == SiteKind.VILLAGE).count());
            List<Camera> all = registry.cameras(null, CameraQuery.all(10_000)).items();
            assertEquals(200, all.stream().filter(c -> c.tier() == CameraTier.CLASS_I).count());
            assertEquals(680, all.stream().filter(c -> c.tier() == CameraTier.CLASS_III).count());
            Set<String> names = new HashSet<>();
            for (Camera c : all) {
                assertTrue(DeviceId.isCameraId(c.id()), c.id());
                assertTrue(names.add(c.name()), "duplicate name " + c.name());
                assertEquals("admin", registry.credentials(c.id()).orElseThrow().username());
                SiteKind kind = registry.site(c.siteId()).orElseThrow().kind();
                assertEquals(c.tier() == CameraTier.CLASS_I, kind != SiteKind.VILLAGE);
                assertFalse(c.profile("main").orElseThrow().url().contains("@"));
            }
        }
    }

    @Test
    void cameraNumberIFollowsTheAddressAndVendorPlan() {
        try (Registry registry = Registry.inMemory()) {
            DemoCounty.populate(registry, 8554);
            List<Camera> all = registry.cameras(null, CameraQuery.all(10_000)).items();
            Camera first = all.stream().filter(c -> c.ip().equals("127.1.0.1")).findFirst().orElseThrow();
            assertEquals(Vendor.HIKVISION, first.vendor());
            assertEquals("rtsp://127.1.0.1:8554/Streaming/Channels/101", first.profile("main").orElseThrow().url());
            assertEquals("rtsp://127.1.0.1:8554/Streaming/Channels/102", first.profile("sub").orElseThrow().url());
            Camera last = all.stream().filter(c -> c.ip().equals(DemoCounty.ipOf(879))).findFirst().orElseThrow();
            assertEquals("127.1.3.130", last.ip());
            assertEquals(CameraTier.CLASS_III, last.tier());
            assertTrue(last.vendor() == Vendor.DAHUA || last.vendor() == Vendor.UNIVIEW);
            assertEquals("城关镇政府门口", all.stream().filter(c -> c.ip().equals(DemoCounty.ipOf(25))).findFirst()
                    .orElseThrow().name());
        }
    }

    @Test
    void aSecondRunOverTheSameRegistryKeepsTheCountyAndItsPassword() {
        try (Registry registry = Registry.inMemory()) {
            DemoCounty.Summary first = DemoCounty.populate(registry, 8554);
            DemoCounty.Summary again = DemoCounty.populate(registry, 8554);
            assertEquals(first.credentials(), again.credentials());
            assertEquals(880, again.cameras());
            assertEquals(880, registry.cameraCount());
        }
    }

    @Test
    void passwordNeedsUrlEncodingAndDiffersPerRun() {
        try (Registry a = Registry.inMemory(); Registry b = Registry.inMemory()) {
            Credentials ca = DemoCounty.populate(a, 554).credentials();
            Credentials cb = DemoCounty.populate(b, 554).credentials();
            assertTrue(ca.password().contains("@"));
            assertTrue(ca.userInfo().contains("%40"));
            assertFalse(ca.toString().contains(ca.password()));
            assertFalse(ca.password().equals(cb.password()));
        }
    }
}
