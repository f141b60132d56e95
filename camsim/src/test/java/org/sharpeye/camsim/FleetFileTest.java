package org.sharpeye.camsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.sharpeye.media.Codec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetFileTest {

    static final String YAML = """
            controlPort: 8553
            cameras:
              - id: gate
                name: Main gate
                host: 127.1.0.7
                codec: h265
                username: admin
                password: secret
                profiles:
                  main: {path: /Streaming/Channels/101}
                  sub: {path: /Streaming/Channels/102, width: 640, height: 360, fps: 25, bitrateKbps: 512, gopFrames: 50}
                faults:
                  - {fault: slow, profile: main, delayMs: 3000}
              - id: lobby
                vendor: dahua
            """;

    @Test
    void readsTheDocumentedFormat(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, YAML);
        CamSimConfig c = FleetFile.read(file);
        assertEquals(8553, c.controlPort());
        assertEquals(2, c.cameras().size());
        CameraSpec gate = c.cameras().get(0);
        assertEquals("Main gate", gate.name());
        assertEquals("127.1.0.7", gate.host());
        assertEquals(CameraSpec.DEFAULT_PORT, gate.port());
        assertEquals(Codec.H265, gate.codec());
        assertTrue(gate.authenticated());
        assertEquals(ClipSource.VideoFormat.MAIN, gate.profiles().get("main").format());
        assertEquals(ClipSource.VideoFormat.SUB, gate.profiles().get("sub").format());
        assertEquals(List.of(new FaultSpec(Fault.SLOW, "main", 3000)), gate.faults());
        CameraSpec lobby = c.cameras().get(1);
        assertEquals("/cam/realmonitor?channel=1&subtype=1", lobby.profiles().get("sub").path());
        assertEquals(Codec.H264, lobby.codec());
        assertNull(c.clipSource());
    }

    @Test
    void rejectsBadDocuments() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        assertThrows(IllegalArgumentException.class, () -> FleetFile.parse(yaml.readTree("cameras: []")));
        assertThrows(IllegalArgumentException.class, () -> FleetFile.parse(yaml.readTree("cameras: [{name: x}]")));
        assertThrows(IllegalArgumentException.class,
                () -> FleetFile.parse(yaml.readTree("cameras: [{id: a, codec: mjpeg}]")));
        assertThrows(IllegalArgumentException.class,
                () -> FleetFile.parse(yaml.readTree("cameras: [{id: a, host: 10.0.0.1}]")));
        assertThrows(IllegalArgumentException.class,
                () -> FleetFile.parse(yaml.readTree("cameras: [{id: a, faults: [{fault: melted}]}]")));
    }

    @Test
    void generatesFleetsOnConsecutiveAddresses() {
        List<CameraSpec> fleet = FleetFile.generate(300, Codec.H264, "127.2.0.1", 8554);
        assertEquals("cam-0001", fleet.get(0).id());
        assertEquals("127.2.0.1", fleet.get(0).host());
        assertEquals("127.2.1.0", fleet.get(255).host());
        assertEquals("127.2.1.44", fleet.get(299).host());
        assertThrows(IllegalArgumentException.class, () -> FleetFile.generate(3, Codec.H264, "127.255.255.254", 8554));
    }

    @Test
    void commandLineBuildsASharedClipFleet() throws Exception {
        CamSimConfig c = CamSimMain.parse(new String[] {"--fleet", "3", "--codec", "h265", "--base-ip", "127.3.0.1",
                "--shared-clip", "--control-port", "9999"});
        assertEquals(3, c.cameras().size());
        assertEquals(Codec.H265, c.cameras().get(2).codec());
        assertEquals("127.3.0.3", c.cameras().get(2).host());
        assertEquals(9999, c.controlPort());
        assertInstanceOf(CamSimMain.SharedClips.class, c.clipSource());
        assertThrows(IllegalArgumentException.class, () -> CamSimMain.parse(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> CamSimMain.parse(new String[0]));
    }
}
