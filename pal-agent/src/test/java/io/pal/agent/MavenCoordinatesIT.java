package io.pal.agent;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * pal's Maven coordinates, as a user meets them: pal's built artifacts (parent, BOM, modules, the
 * agent) are installed into a private local repository under target/, a separate project that
 * imports the BOM and depends on pal-api (the README's lines) is built against it, and its main runs
 * with the agent from that repository. Third-party artifacts come from the user's ~/.m2 read as a
 * remote repository (nothing is written there), or from Maven Central when ~/.m2 lacks one; when
 * neither can serve, the test is skipped and says why.
 */
class MavenCoordinatesIT {

    private static final String[] MODULES = {"pal-api", "pal-instrument", "pal-threads", "pal-coroutines", "shim-net",
            "shim-jdk", "pal-junit"};

    @Test
    void aSeparateProjectBuildsAgainstTheBomAndRunsWithTheAgent() throws Exception {
        Path root = Path.of(System.getProperty("pal.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("pal.version");
        Assumptions.assumeTrue(version != null, "run by Maven (pal.version is set by pal-agent's pom)");
        String mvn = findOnPath("mvn");
        Assumptions.assumeTrue(mvn != null, "no mvn on the PATH");

        Path work = Path.of(System.getProperty("pal.agent.jar")).getParent().resolve("maven-it");
        deleteTree(work);
        Path repo = work.resolve("repo");
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        List<String> userPalBefore = listing(userRepo.resolve("io").resolve("pal"));

        Path settings = work.resolve("settings.xml");
        write(settings, resource("settings.xml").replace("M2_REPOSITORY_URL", userRepo.toUri().toString()));
        Path installer = work.resolve("installer.xml");
        write(installer, resource("installer.xml").replace("EXECUTIONS", executions(root, version)));
        Path app = work.resolve("app");
        write(app.resolve("pom.xml"), resource("app/pom.xml").replace("PAL_VERSION", version));
        write(app.resolve("src/main/java/com/example/Main.java"), resource("app/src/main/java/com/example/Main.java"));

        List<String> common = List.of(mvn, "-B", "-ntp", "-q", "-Dmaven.repo.local=" + repo);
        Run install = run(work, concat(common, "-s", settings.toString(), "-f", installer.toString(), "validate"));
        assertEquals(0, install.exit, "installing pal's artifacts failed:\n" + install.out);

        Run build = run(app, concat(common, "-s", settings.toString(), "package"));
        if (build.exit != 0) { // ~/.m2 lacks something: ask Maven Central, if it can be reached
            Assumptions.assumeTrue(centralReachable(), "~/.m2 lacks an artifact the project needs and Maven Central "
                    + "cannot be reached; not run. Maven said:\n" + build.out);
            build = run(app, concat(common, "package"));
        }
        assertEquals(0, build.exit, "the user's project did not build against pal's artifacts:\n" + build.out);

        Path agent = repo.resolve("io/pal/pal-agent/" + version + "/pal-agent-" + version + ".jar");
        assertTrue(Files.isRegularFile(agent), "the agent is not in the private repository: " + agent);
        Run main = run(app, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent, "-Dpal.transformCache=off", "-cp", app.resolve("target/classes").toString(),
                "com.example.Main"));
        assertEquals(0, main.exit, main.out);
        assertEquals("hello from a strand on coroutines", main.out.strip());

        assertEquals(userPalBefore, listing(userRepo.resolve("io").resolve("pal")), "nothing of pal may land in ~/.m2");
    }

    /** One install-file execution per artifact: the parent and BOM poms, each module's jar, the agent. */
    private static String executions(Path root, String version) {
        StringBuilder sb = new StringBuilder();
        execution(sb, "parent", root.resolve("pom.xml"), root.resolve("pom.xml"));
        execution(sb, "bom", root.resolve("pal-bom/pom.xml"), root.resolve("pal-bom/pom.xml"));
        for (String m : MODULES) {
            execution(sb, m, root.resolve(m + "/target/" + m + "-" + version + ".jar"), root.resolve(m + "/pom.xml"));
        }
        execution(sb, "pal-agent", root.resolve("pal-agent/target/pal-agent.jar"),
                root.resolve("pal-agent/target/dependency-reduced-pom.xml"));
        return sb.toString();
    }

    private static void execution(StringBuilder sb, String id, Path file, Path pom) {
        assertTrue(Files.isRegularFile(file), "not built: " + file);
        sb.append("<execution><id>").append(id).append("</id><phase>validate</phase><goals><goal>install-file</goal></goals>")
                .append("<configuration><file>").append(file).append("</file><pomFile>").append(pom)
                .append("</pomFile></configuration></execution>\n");
    }

    private record Run(int exit, String out) {
    }

    private static Run run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = Files.createTempFile("maven-it", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().remove("MAVEN_OPTS");
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("did not end within 300 s: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean centralReachable() {
        try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create("https://repo.maven.apache.org/maven2/"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MavenCoordinatesIT.class.getResourceAsStream("/maven-it/" + name)) {
            if (in == null) {
                throw new IOException("test resource maven-it/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p + "@" + p.toFile().lastModified()).sorted().toList();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
