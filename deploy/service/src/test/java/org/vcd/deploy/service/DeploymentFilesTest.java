package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (deploy/docker/Dockerfile, deploy/compose.yaml, deploy/k8s/*.yaml) cannot be run here (no
 * Docker, no cluster), so they are checked for what can go wrong without running them: they parse, every setting they
 * give the vcd containers is in docs/DEPLOY.md's configuration table (and every vcd.* row there is a real setting),
 * and they agree on the image, the ports, the health paths, the host names and the topics.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> VCD_SERVICES = Set.of("vcd-service", "vcd-worker");
    private static final Set<String> HEALTH = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    @Test
    void everySettingTheFilesGiveIsInTheConfigurationTable() throws Exception {
        Set<String> table = configurationTable();
        Set<String> given = new LinkedHashSet<>();
        JsonNode services = compose().get("services");
        for (String name : VCD_SERVICES) {
            services.get(name).get("environment").fieldNames().forEachRemaining(given::add);
        }
        for (JsonNode doc : kubernetes()) {
            switch (doc.get("kind").asText()) {
                case "ConfigMap" -> doc.get("data").fieldNames().forEachRemaining(given::add);
                case "Secret" -> doc.get("stringData").fieldNames().forEachRemaining(given::add);
                case "Deployment", "StatefulSet" -> containers(doc).forEach(c -> c.path("env")
                        .forEach(e -> given.add(e.get("name").asText())));
                default -> { }
            }
        }
        Set<String> missing = new LinkedHashSet<>(given);
        missing.removeAll(table);
        assertTrue(missing.isEmpty(), "set in the deployment files but not in docs/DEPLOY.md's table: " + missing);
        assertTrue(given.containsAll(Set.of("QUARKUS_PROFILE", "VCD_STORE", "VCD_DB_URL", "VCD_EVENTS_ENABLED")),
                given.toString());
    }

    @Test
    void theTableNamesEachVcdPropertyAndItsVariableAlikeAndTheServiceKnowsThem() throws Exception {
        Pattern row = Pattern.compile("^\\| `(vcd\\.[a-z0-9.-]+)` / `([A-Z0-9_]+)`");
        int rows = 0;
        for (String line : Files.readAllLines(ROOT.resolve("docs/DEPLOY.md"))) {
            Matcher m = row.matcher(line);
            if (!m.find()) {
                continue;
            }
            rows++;
            String property = m.group(1);
            assertEquals(property.toUpperCase().replace('.', '_').replace('-', '_'), m.group(2), line);
            assertNotNull(setting(property), property + " is in the table but not in ServiceConfig");
        }
        assertTrue(rows >= 15, "the table's vcd.* rows were not found: " + rows);
    }

    @Test
    void theImageAndItsPortAreTheSameEverywhere() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        Matcher tag = Pattern.compile("docker build -f deploy/docker/Dockerfile -t (\\S+) \\.").matcher(dockerfile);
        assertTrue(tag.find(), "the Dockerfile names the image it builds");
        String image = tag.group(1);
        Matcher expose = Pattern.compile("(?m)^EXPOSE (\\d+)$").matcher(dockerfile);
        assertTrue(expose.find());
        int port = Integer.parseInt(expose.group(1));
        Properties app = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("deploy/service/src/main/resources/application.properties"))) {
            app.load(in);
        }
        assertEquals(port, Integer.parseInt(app.getProperty("quarkus.http.port")), "the service listens on EXPOSE");

        JsonNode services = compose().get("services");
        for (String name : VCD_SERVICES) {
            assertEquals(image, services.get(name).get("image").asText(), name);
        }
        JsonNode build = services.get("vcd-service").get("build");
        assertTrue(Files.isRegularFile(DEPLOY.resolve(build.get("context").asText()).resolve(
                build.get("dockerfile").asText())), "compose builds the Dockerfile: " + build);
        assertEquals(List.of(port + ":" + port), texts(services.get("vcd-service").get("ports")));

        int workloads = 0;
        Map<String, Set<String>> servicePorts = new java.util.HashMap<>();
        for (JsonNode doc : kubernetes()) {
            if (doc.get("kind").asText().equals("Service")) {
                for (JsonNode p : doc.get("spec").get("ports")) {
                    servicePorts.computeIfAbsent(doc.get("metadata").get("name").asText(), k -> new HashSet<>())
                            .add(p.get("targetPort").asText());
                }
            }
            if (!Set.of("Deployment", "StatefulSet").contains(doc.get("kind").asText())) {
                continue;
            }
            workloads++;
            for (JsonNode c : containers(doc)) {
                assertEquals(image, c.get("image").asText(), doc.get("metadata").get("name").asText());
                Set<String> named = new HashSet<>();
                for (JsonNode p : c.get("ports")) {
                    assertEquals(port, p.get("containerPort").asInt());
                    named.add(p.get("name").asText());
                }
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode get = c.get(probe).get("httpGet");
                    assertTrue(HEALTH.contains(get.get("path").asText()), probe + " " + get);
                    assertTrue(named.contains(get.get("port").asText()), probe + " names a port the container has");
                }
                assertTrue(c.get("resources").get("requests").has("cpu") && c.get("resources").get("requests")
                        .has("memory"), "resource requests on " + c.get("name"));
                assertTrue(named.containsAll(servicePorts.getOrDefault(doc.get("metadata").get("name").asText(),
                        Set.of())), "the Service targets a port the pod names");
            }
        }
        assertEquals(2, workloads, "the service's Deployment and the workers' StatefulSet");
    }

    @Test
    void theComposeFileConnectsTheServiceToTheContainersItBringsUp() throws Exception {
        JsonNode services = compose().get("services");
        for (String name : VCD_SERVICES) {
            JsonNode env = services.get(name).get("environment");
            assertEquals("cluster", env.get("QUARKUS_PROFILE").asText());
            URI db = URI.create(env.get("VCD_DB_URL").asText().substring("jdbc:".length()));
            assertExposes(services, db.getHost(), db.getPort());
            assertEquals(services.get("postgres").get("environment").get("POSTGRES_DB").asText(),
                    db.getPath().substring(1));
            assertEquals(services.get("postgres").get("environment").get("POSTGRES_USER").asText(),
                    env.get("VCD_DB_USER").asText());
            URI store = URI.create(env.get("VCD_STORE").asText());
            assertEquals("milvus", store.getScheme());
            assertExposes(services, store.getHost(), store.getPort());
            String[] kafka = env.get("VCD_EVENTS_BOOTSTRAP_SERVERS").asText().split(":");
            assertExposes(services, kafka[0], Integer.parseInt(kafka[1]));
            assertTrue(services.get(kafka[0]).get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText()
                    .contains("//" + kafka[0] + ":" + kafka[1]), "the broker advertises the address the workers use");
        }
        assertEquals("true", services.get("vcd-worker").get("environment").get("VCD_EVENTS_ENABLED").asText());
        assertEquals("false", services.get("vcd-service").get("environment").get("VCD_EVENTS_ENABLED").asText());
        String topics = services.get("kafka-topics").get("command").get(0).asText();
        for (String topic : List.of("uploadsTopic", "verdictsTopic", "dlqTopic")) {
            String name = ServiceConfig.Events.class.getMethod(topic).getAnnotation(WithDefault.class).value();
            assertTrue(topics.contains(name), "compose creates the default topic " + name + ": " + topics);
        }
    }

    private static void assertExposes(JsonNode services, String host, int port) {
        JsonNode service = services.get(host);
        assertNotNull(service, "no compose service named " + host);
        assertTrue(texts(service.get("expose")).contains(Integer.toString(port)), host + " exposes " + port);
    }

    /** The method behind a vcd.* property: vcd.events.bootstrap-servers is events().bootstrapServers(). */
    private static Method setting(String property) {
        Class<?> type = ServiceConfig.class;
        String[] parts = property.substring("vcd.".length()).split("\\.");
        Method method = null;
        for (String part : parts) {
            StringBuilder camel = new StringBuilder();
            for (String word : part.split("-")) {
                camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
            }
            try {
                method = type.getMethod(camel.toString());
            } catch (NoSuchMethodException e) {
                return null;
            }
            type = method.getReturnType();
        }
        return method;
    }

    /** Every variable name in the first column of docs/DEPLOY.md's configuration table. */
    private static Set<String> configurationTable() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        boolean inSection = false;
        Pattern variable = Pattern.compile("`([A-Z][A-Z0-9_]+)`");
        for (String line : Files.readAllLines(ROOT.resolve("docs/DEPLOY.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            } else if (inSection && line.startsWith("| ")) {
                Matcher m = variable.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertFalse(names.isEmpty(), "docs/DEPLOY.md has a ## Configuration table");
        return names;
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
    }

    private static List<JsonNode> kubernetes() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        for (String field : List.of("apiVersion", "kind", "metadata")) {
                            assertTrue(doc.has(field), file + ": a manifest without " + field);
                        }
                        docs.add(doc);
                    }
                }
            }
        }
        assertEquals(Set.of("ConfigMap", "Secret", "PersistentVolumeClaim", "Deployment", "Service", "StatefulSet"),
                new HashSet<>(docs.stream().map(d -> d.get("kind").asText()).toList()));
        return docs;
    }

    private static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> list = new ArrayList<>();
        workload.get("spec").get("template").get("spec").get("containers").forEach(list::add);
        return list;
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            list.add(it.next().asText());
        }
        return list;
    }
}
