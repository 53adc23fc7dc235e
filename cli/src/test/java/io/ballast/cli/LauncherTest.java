package io.ballast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/ballast's build output: one line per module while Maven builds, errors kept, the rest left to the log. */
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

    @Test
    void mavenOutputBecomesOneLinePerModuleWithTheErrors() throws Exception {
        Path launcher = Path.of("..", "bin", "ballast").toAbsolutePath().normalize();
        Process bash = new ProcessBuilder("bash", "-c", "source '" + launcher + "' && build_progress")
                .redirectErrorStream(true).start();
        bash.getOutputStream().write(MAVEN_OUTPUT.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), output);
        assertEquals(String.join("\n",
                "ballast: [1/3] ballast-parent",
                "ballast: [2/3] ballast-core",
                "ballast: [3/3] ballast-cli",
                "[ERROR] /x/cli/src/main/java/io/ballast/cli/Main.java:[10,1] cannot find symbol",
                "ballast: build failure in 42.137 s",
                ""), output);
    }
}
