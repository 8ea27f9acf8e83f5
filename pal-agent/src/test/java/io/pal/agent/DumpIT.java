package io.pal.agent;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/pal dump}'s engine against a separate JVM (started with only the agent) running 10,000
 * parked strands: every strand appears with its name, id, state and stack, with the counters, as
 * text and as JSON.
 */
class DumpIT {

    private static final int STRANDS = 10_000;

    @Test
    void dumpsTenThousandParkedStrandsOfAnotherJvm() throws Exception {
        Path jar = Path.of(System.getProperty("pal.agent.jar", "pal-agent.jar"));
        String classes = Path.of(ParkedApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + jar.toAbsolutePath(), "-Dpal.transformCache=off", "-cp", classes,
                ParkedApp.class.getName(), Integer.toString(STRANDS)).redirectErrorStream(true);
        Process app = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("ready", line, "the application did not start");

            String text = PalTool.run("dump", Long.toString(app.pid()));
            assertEquals(STRANDS, count(text, Pattern.compile("(?m)^\"parked-\\d+\" #\\d+ PARKED ")), head(text));
            assertEquals(STRANDS, count(text, Pattern.compile("(?m)^\\tat io\\.pal\\.agent\\.ParkedApp\\.waitHere\\(")),
                    "every parked strand's stack: " + head(text));
            assertTrue(text.contains("Counts[spawned="), "the counters: " + head(text));

            String json = PalTool.run("dump", Long.toString(app.pid()), "--json");
            assertTrue(json.startsWith("{\"backend\":\"coroutines\",\"time\":"), head(json));
            assertTrue(json.contains("\"counters\":{\"spawned\":"), head(json));
            assertEquals(STRANDS, count(json, Pattern.compile("\\{\"id\":\\d+,\"name\":\"parked-\\d+\",\"state\":\"PARKED\"")), head(json));
            assertEquals(STRANDS, count(json, Pattern.compile("\"io\\.pal\\.agent\\.ParkedApp\\.waitHere\\(")), head(json));

            app.getOutputStream().close(); // the application ends by itself
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                fail("the application did not end after its input closed");
            }
            assertEquals(0, app.exitValue(), out.lines().toList().toString());
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void saysWhatIsWrongWithItsArguments() {
        for (List<String> bad : List.of(List.of("dump"), List.of("dump", "x1"), List.of("dump", "1", "--xml"), List.of("stat", "1"))) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> PalTool.run(bad.toArray(String[]::new)));
            assertTrue(e.getMessage().contains(bad.getLast()) || e.getMessage().contains("expected"), e.getMessage());
        }
    }

    private static int count(String s, Pattern p) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String head(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
