package org.sharpeye.registry;

/** One camera of an import file, with the line it came from and its credentials (null: keep or none). */
public record ImportRow(int line, Camera camera, Credentials credentials) {
}
