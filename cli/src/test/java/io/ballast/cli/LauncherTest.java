package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ballast's build: one line per module while Maven builds, errors kept, the rest left to the log; a rebuild only
 * when a source is newer than the jar.
 */
class LauncherTest {
    private static final String MAVEN_OUTPUT = String.join("\n",
            "[INFO] Scanning for projects...",
            "[INFO] ------------------------------------------------------------------------",
            "[INFO] Reactor Build Order:",
            "[INFO] ",
            "[INFO] Ballast                                                            [pom]",
            "[INFO] -----------------------< io.ballast:ballast-parent >-----------------------",
            "[INFO] Building Ballast 0.2.0                                            [1/3]",
            "[INFO] --------------------------------[ pom ]---------------------------------",
            "[INFO] --- maven-enforcer-plugin:3.6.2:enforce (enforce) @ ballast-parent ---",
            "[INFO] ------------------------< io.ballast:ballast-core >------------------------",
            "[INFO] Building Ballast core (deterministic clearing) 0.2.0               [2/3]",
            "[INFO] --------------------------------[ jar ]---------------------------------",
            "[WARNING] some compiler warning",
            "[INFO] Compiling 210 source files to /x/core/target/classes",
            "[INFO] -------------------------< io.ballast:ballast-cli >-------------------------",
            "[INFO] Building Ballast command line 0.2.0                                [3/3]",
            "[ERROR] /x/cli/src/main/java/io/ballast/cli/Main.java:[10,1] cannot find symbol",
            "[INFO] ------------------------------------------------------------------------",
            "[INFO] BUILD FAILURE",
            "[INFO] ------------------------------------------------------------------------",
            "[INFO] Total time:  42.137 s",
            "[INFO] Finished at: 2026-12-03T17:10:00Z",
            "");

    private static final Path LAUNCHER = Path.of("..", "bin", "ballast").toAbsolutePath().normalize();

    /** Runs {@code script} in bash after sourcing bin/ballast (which then defines its functions only); its output. */
    private static String bash(String script, String input) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", "source '" + LAUNCHER + "' && " + script)
                .redirectErrorStream(true).start();
        bash.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), output);
        return output;
    }

    @Test
    void mavenOutputBecomesOneLinePerModuleWithTheErrors() throws Exception {
        String output = bash("build_progress", MAVEN_OUTPUT);
        assertEquals(String.join("\n",
                "ballast: [1/3] ballast-parent",
                "ballast: [2/3] ballast-core",
                "ballast: [3/3] ballast-cli",
                "[ERROR] /x/cli/src/main/java/io/ballast/cli/Main.java:[10,1] cannot find symbol",
                "ballast: build failure in 42.137 s",
                ""), output);
    }

    @Test
    void onlySourcesNewerThanTheJarRebuildNotBuildOutput(@TempDir Path root) throws Exception {
        Path jar = root.resolve("cli/target/ballast.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Path source = root.resolve("core/src/main/java/A.java");
        Path generated = root.resolve("bench/target/generated-sources/B.java");
        Path resource = root.resolve("cli/src/main/resources/x.properties");
        for (Path file : List.of(source, generated, resource)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
        FileTime old = FileTime.from(Instant.now().minusSeconds(3_600));
        FileTime newer = FileTime.from(Instant.now().plusSeconds(60));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        String check = "ROOT='" + root + "'; needs_build '" + jar + "' && echo rebuild || echo fresh";
        Files.setLastModifiedTime(source, old);
        Files.setLastModifiedTime(resource, old);
        Files.setLastModifiedTime(generated, newer);
        assertEquals("fresh\n", bash(check, ""), "generated sources under target/ are build output");
        Files.setLastModifiedTime(resource, newer);
        assertEquals("rebuild\n", bash(check, ""), "a changed resource");
        Files.setLastModifiedTime(resource, old);
        Files.setLastModifiedTime(source, newer);
        assertEquals("rebuild\n", bash(check, ""), "a changed source");
    }
}
