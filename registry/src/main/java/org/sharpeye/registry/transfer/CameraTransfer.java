package org.sharpeye.registry.transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.sharpeye.registry.Camera;
import org.sharpeye.registry.ImportRow;
import org.sharpeye.registry.Actor;
import org.sharpeye.registry.ImportResult;
import org.sharpeye.registry.Registry;
import org.sharpeye.registry.RowError;

/** Bulk import and export of cameras: the whole file is read and checked first, then applied all or nothing. */
public final class CameraTransfer {
    /** A file format. */
    public enum Format { CSV, JSON }

    private CameraTransfer() {
    }

    /** Imports {@code text}; on any bad row nothing changes and the result lists every bad row by line. */
    public static ImportResult importText(Registry registry, Format format, String text, Actor actor) {
        return importText(registry, format, text, actor, c -> true);
    }

    /**
     * Imports {@code text} for a user who may only place cameras where {@code mayEdit} allows (and only change
     * cameras already there); a row outside is a bad row.
     */
    public static ImportResult importText(Registry registry, Format format, String text, Actor actor,
            Predicate<Camera> mayEdit) {
        ParsedFile parsed = format == Format.CSV ? CameraCsv.read(text) : CameraJsonFile.read(text);
        List<RowError> refused = new ArrayList<>(parsed.errors());
        for (ImportRow r : parsed.rows()) {
            Camera existing = r.camera().id() == null ? null : registry.camera(r.camera().id()).orElse(null);
            if (!mayEdit.test(r.camera()) || (existing != null && !mayEdit.test(existing))) {
                refused.add(new RowError(r.line(), "siteId", "outside the sites you may edit"));
            }
        }
        if (!refused.isEmpty()) {
            List<RowError> all = new ArrayList<>(refused);
            all.addAll(registry.check(parsed.rows()));
            all.sort(Comparator.comparingInt(RowError::line));
            return new ImportResult(0, 0, all);
        }
        return registry.importCameras(parsed.rows(), actor);
    }
}
