package org.sharpeye.deploy;

import org.junit.jupiter.api.Test;
import org.sharpeye.gateway.SharpEyeConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/docker/Dockerfile copies what the build produces and runs it the way the node is started. */
class DockerfileTest {

    private final Dockerfile docker = Dockerfile.parse(DeployFiles.file("docker/Dockerfile"));

    /** The jar the gateway module's shade plugin writes: gateway/target/{finalName}.jar. */
    static String builtJar() {
        Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>")
                .matcher(DeployFiles.read(DeployFiles.REPO.resolve("gateway/pom.xml")));
        assertTrue(m.find(), "gateway/pom.xml names the shaded jar");
        return "gateway/target/" + m.group(1) + ".jar";
    }

    static String jarDestination(Dockerfile docker) {
        return docker.copies().get(builtJar());
    }

    static String configDestination(Dockerfile docker) {
        return docker.copies().get("deploy/sharpeye.yaml");
    }

    @Test
    void baseIsAJava17RuntimeImageByItsShortName() {
        String from = docker.one("FROM");
        assertFalse(from.contains(" AS "), "one stage: the jar is built outside: " + from);
        String repository = from.substring(0, from.indexOf(':'));
        assertFalse(repository.contains("."), "no registry host in " + from);
        assertTrue(from.matches("[a-z0-9./-]+:17[-.a-z0-9]*jre[-.a-z0-9]*"), "a JRE 17 image: " + from);
    }

    @Test
    void copiesTheJarTheBuildProducesAndFilesThatExist() {
        String jar = builtJar();
        assertEquals("gateway/target/sharpeye.jar", jar);
        Matcher script = Pattern.compile("(?m)^JAR=(\\S+)$").matcher(DeployFiles.read(DeployFiles.REPO.resolve("sharpeye")));
        assertTrue(script.find(), "./sharpeye names the jar it builds");
        assertEquals(jar, script.group(1), "./sharpeye build writes the jar the image copies");
        Map<String, String> copies = docker.copies();
        assertTrue(copies.containsKey(jar), "the image copies " + jar + ": " + copies);
        for (String source : copies.keySet()) {
            if (!source.equals(jar)) {
                assertTrue(Files.isRegularFile(DeployFiles.REPO.resolve(source)), "COPY source exists: " + source);
            }
        }
        // the build context is the repository root, narrowed by the Dockerfile's own ignore file
        List<String> ignore = DeployFiles.read(DeployFiles.file("docker/Dockerfile.dockerignore")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", ignore.get(0), "everything is excluded first");
        for (String source : copies.keySet()) {
            assertTrue(ignore.contains("!" + source), "the ignore file lets " + source + " into the context");
        }
    }

    @Test
    void runsTheJarWithTheRunCommandAndTheImageConfiguration() {
        List<String> entrypoint = Dockerfile.execForm(docker.one("ENTRYPOINT"));
        List<String> cmd = Dockerfile.execForm(docker.one("CMD"));
        assertEquals(List.of("sh", "-c"), entrypoint.subList(0, 2));
        String script = entrypoint.get(2);
        assertTrue(script.startsWith("exec java $JAVA_OPTS -jar " + jarDestination(docker) + " "),
                "java is PID 1 (exec), takes JAVA_OPTS and runs the copied jar: " + script);
        assertTrue(script.endsWith("\"$@\""), "CMD's words are the jar's arguments: " + script);
        assertEquals(List.of("run", "--config", configDestination(docker)), cmd);
        assertEquals("/etc/sharpeye/sharpeye.yaml", configDestination(docker));
    }

    @Test
    void theImageConfigurationLoadsAndListensOnTheExposedPort() {
        Map<String, String> env = docker.env();
        SharpEyeConfig config = SharpEyeConfig.load(DeployFiles.REPO.resolve("deploy/sharpeye.yaml"), env);
        assertEquals(List.of(Integer.toString(config.httpPort())), docker.all("EXPOSE"));
        assertEquals(8080, config.httpPort());
        assertEquals("0.0.0.0", config.httpHost(), "reachable from outside the container");
        assertEquals(Path.of(env.get("SHARPEYE_DATA_DIR")), config.dataDir());
        assertEquals("[\"" + config.dataDir() + "\"]", docker.one("VOLUME"), "the data directory is a volume");
        assertTrue(env.get("JAVA_OPTS").contains("-Dorg.bytedeco.javacpp.cachedir=/tmp/"),
                "FFmpeg's natives unpack under /tmp, so the root file system can be read-only");
        assertTrue(env.get("JAVA_OPTS").contains("-XX:+UseParallelGC"), "the collector the benchmarks ran with");
    }

    @Test
    void runsAsAnUnprivilegedUserAndChecksHealthz() {
        String user = docker.one("USER");
        assertFalse(user.startsWith("root") || user.startsWith("0"), user);
        String name = user.split(":")[0];
        assertTrue(docker.all("RUN").stream().anyMatch(r -> r.contains("useradd") && r.contains(" " + name)),
                "the image creates " + name);
        List<String> check = docker.healthCheckCommand();
        assertEquals("bash", check.get(0));
        assertTrue(check.get(2).contains("/dev/tcp/127.0.0.1/${SHARPEYE_HTTP_PORT:-8080}"), check.get(2));
        assertTrue(check.get(2).contains("GET /healthz "), check.get(2));
    }
}
