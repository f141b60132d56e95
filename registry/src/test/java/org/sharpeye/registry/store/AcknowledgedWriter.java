package org.sharpeye.registry.store;

import java.nio.file.Path;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.CameraTier;
import org.sharpeye.registry.Credentials;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.Site;
import org.sharpeye.registry.SiteKind;
import org.sharpeye.registry.TestRegistries;

/** The child process of {@link EmbeddedStoreKillIT}: writes cameras forever, printing each id once it is acknowledged. */
public final class AcknowledgedWriter {
    private AcknowledgedWriter() {
    }

    public static void main(String[] args) {
        Registry registry = Registry.embedded(Path.of(args[0]));
        if (registry.site("341522101").isEmpty()) {
            registry.createSite(new Site("341522", "霍邱县", SiteKind.COUNTY, null, "34152200", 0), Actor.system());
            registry.createSite(new Site("341522101", "城关镇", SiteKind.TOWNSHIP, "341522", "34152201", 0),
                    Actor.system());
        }
        System.out.println("ready");
        System.out.flush();
        for (int i = 1; ; i++) {
            Camera c = registry.createCamera(TestRegistries.camera("341522101", i, CameraTier.CLASS_I),
                    new Credentials("admin", "p@" + i), Actor.system());
            System.out.println(c.id());
            System.out.flush();
        }
    }
}
