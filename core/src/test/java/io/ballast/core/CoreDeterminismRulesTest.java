package io.ballast.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The build-time guard that keeps core pure: no runtime frameworks, no clock, no unseeded randomness. */
class CoreDeterminismRulesTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ballast.core");
    }

    @Test
    void coreDependsOnNoRuntimeFramework() {
        ArchRule rule = noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "org.apache.pekko..", "akka..", "com.fasterxml.jackson..", "com.esotericsoftware..",
                "org.apache.cassandra..", "com.datastax..", "scala..");
        rule.check(core);
    }

    @Test
    void coreReadsNoClock() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .check(core);
    }

    @Test
    void coreDrawsNoUnseededRandomness() {
        noClasses().should().callConstructor(Random.class)
                .orShould().callMethod(Math.class, "random")
                .orShould().dependOnClassesThat().areAssignableTo(ThreadLocalRandom.class)
                .orShould().dependOnClassesThat().areAssignableTo(SecureRandom.class)
                .check(core);
    }

    /**
     * {@code java.lang.Math}'s transcendental functions may use platform intrinsics whose last bit
     * differs between JVMs and CPUs; {@link StrictMath} is specified bit for bit (fdlibm). Option
     * pricing in core uses StrictMath only.
     */
    @Test
    void coreUsesStrictMathForTranscendentalFunctions() {
        String[] oneArgument = {"exp", "log", "log10", "log1p", "expm1", "sin", "cos", "tan", "asin", "acos", "atan",
                "sinh", "cosh", "tanh", "cbrt", "sqrt"};
        String[] twoArguments = {"pow", "atan2", "hypot"};
        for (String name : oneArgument) {
            noClasses().should().callMethod(Math.class, name, double.class)
                    .because("Math." + name + " may differ in the last bit between JVMs; use StrictMath." + name)
                    .check(core);
        }
        for (String name : twoArguments) {
            noClasses().should().callMethod(Math.class, name, double.class, double.class)
                    .because("Math." + name + " may differ in the last bit between JVMs; use StrictMath." + name)
                    .check(core);
        }
    }

    @Test
    void coreStartsNoThreads() {
        noClasses().should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .check(core);
    }
}
