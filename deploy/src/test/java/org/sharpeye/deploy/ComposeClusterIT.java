package org.sharpeye.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose file's three nodes, each started as the image starts it with its compose environment, over a real
 * redis-server on loopback (service names mapped to 127.0.0.1 and free ports): they form one cluster. Each node
 * joins the membership of docs/cluster.md, and a login on one node is valid on the others (shared Redis state).
 */
class ComposeClusterIT {

    @TempDir
    Path root;

    @Test
    void theComposeNodesFormOneClusterOverRedis() throws Exception {
        Map<String, Object> services = DeployFiles.at(DeployFiles.yaml(DeployFiles.file("compose/compose.yaml")),
                "services");
        Map<String, String> secrets = ConfigKeys.sampleSecrets(); // one .env for all nodes, as compose shares it
        int redisPort = ImageNode.freePort();
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", root.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("redis.log").toFile()).start();
        List<ImageNode> nodes = new ArrayList<>();
        try {
            awaitRedis(redisPort);
            Set<String> ids = new TreeSet<>();
            for (String service : List.of("sharpeye-1", "sharpeye-2", "sharpeye-3")) {
                Map<String, String> env = new HashMap<>();
                int port = ImageNode.freePort();
                DeployFiles.<Map<String, Object>>at(services, service, "environment").forEach((k, v) -> {
                    String value = String.valueOf(v);
                    if (value.startsWith("${")) {
                        value = secrets.get(k);
                    }
                    // compose's service names and ports, as this machine's loopback sees them
                    value = value.replace("redis://redis:6379", "redis://127.0.0.1:" + redisPort)
                            .replace("http://" + service + ":8080", "http://127.0.0.1:" + port);
                    env.put(k, value);
                });
                ids.add(env.get("SHARPEYE_NODE_ID"));
                nodes.add(startOn(root.resolve(service), env, port));
            }
            for (ImageNode node : nodes) {
                node.awaitStatus("/readyz", 200);
            }
            awaitMembers(redisPort, ids);

            String password = secrets.get("SHARPEYE_ADMIN_PASSWORD");
            HttpResponse<String> login = ImageNode.send(HttpRequest.newBuilder(
                            URI.create(nodes.get(0).base() + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(
                            Map.of("username", "admin", "password", password)))));
            assertEquals(200, login.statusCode(), login.body());
            String token = new ObjectMapper().readTree(login.body()).path("token").asText();
            for (ImageNode node : nodes.subList(1, nodes.size())) {
                awaitAccepted(node, token);
            }
            for (ImageNode node : nodes) {
                assertEquals(143, node.terminate(45), "a node stops in order on SIGTERM: " + node.tail());
            }
        } finally {
            for (ImageNode node : nodes) {
                node.close();
            }
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static ImageNode startOn(Path dir, Map<String, String> env, int port) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("SHARPEYE_HTTP_PORT", Integer.toString(port));
        return ImageNode.start(dir, withPort, port);
    }

    /** A login made on one node is accepted by another once replicated (a pub/sub delivery): poll with a deadline. */
    private static void awaitAccepted(ImageNode node, String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = ImageNode.send(HttpRequest.newBuilder(URI.create(node.base() + "/api/v1/auth/me"))
                    .header("Authorization", "Bearer " + token)).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the login is not accepted by " + node.base() + ": " + status);
    }

    private static void awaitRedis(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (redisCli(port, "PING").strip().equals("PONG")) {
                return;
            }
            Thread.sleep(50); // polling with a deadline: redis-server announces readiness only in its log
        }
        throw new AssertionError("redis-server did not start on " + port);
    }

    /** Every node id in the cluster's membership hash (docs/cluster.md), within a few heartbeats. */
    private static void awaitMembers(int port, Set<String> ids) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<String> members = Set.of();
        while (System.nanoTime() < deadline) {
            members = new TreeSet<>(List.of(redisCli(port, "HKEYS", "{sharpeye}:nodes").strip().split("\n")));
            if (members.containsAll(ids)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("cluster members " + members + ", expected " + ids);
    }

    private static String redisCli(int port, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
