package org.sharpeye.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository's deployment files, read as the tools that use them read them (YAML with anchors and merges). */
final class DeployFiles {

    /** The module directory (Surefire and Failsafe run in it). */
    static final Path DEPLOY = Path.of("").toAbsolutePath();
    static final Path REPO = DEPLOY.getParent();

    private static final Pattern VARIABLE = Pattern.compile("SHARPEYE_[A-Z0-9_]+");

    private DeployFiles() {
    }

    static Path file(String relativeToDeploy) {
        Path p = DEPLOY.resolve(relativeToDeploy);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("missing deployment file " + p);
        }
        return p;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (Kubernetes files hold several), with anchors, aliases and merge keys resolved. */
    static List<Object> yamlDocuments(Path p) {
        List<Object> docs = new ArrayList<>();
        for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(p))) {
            if (d != null) {
                docs.add(d);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path p) {
        List<Object> docs = yamlDocuments(p);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new AssertionError(p + ": expected one YAML mapping, found " + docs.size() + " documents");
        }
        return (Map<String, Object>) docs.get(0);
    }

    /** The deployment files themselves: everything under deploy/ but the build output and the tests. */
    static List<Path> all() {
        try (Stream<Path> s = Files.walk(DEPLOY)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(DEPLOY.resolve("target")) && !p.startsWith(DEPLOY.resolve("src")))
                    .filter(p -> !p.getFileName().toString().equals("pom.xml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> withExtension(String... extensions) {
        return all().stream().filter(p -> {
            String name = p.getFileName().toString();
            for (String e : extensions) {
                if (name.endsWith("." + e)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    /** Every SHARPEYE_* name mentioned in the deployment files and docs/deploy.md, with where it was seen. */
    static Map<String, List<String>> variablesMentioned() {
        Map<String, List<String>> seen = new TreeMap<>();
        List<Path> files = new ArrayList<>(all());
        files.add(REPO.resolve("docs/deploy.md"));
        for (Path p : files) {
            Matcher m = VARIABLE.matcher(read(p));
            while (m.find()) {
                seen.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(REPO.relativize(p).toString());
            }
        }
        return seen;
    }

    /** A nested value by keys and list indexes, or an assertion error naming the path. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object root, Object... path) {
        Object n = root;
        for (Object step : path) {
            if (step instanceof Integer i && n instanceof List<?> l && i < l.size()) {
                n = l.get(i);
            } else if (n instanceof Map<?, ?> m && m.containsKey(step)) {
                n = m.get(step);
            } else {
                throw new AssertionError("no " + step + " in " + List.of(path) + " of " + n);
            }
        }
        return (T) n;
    }
}
