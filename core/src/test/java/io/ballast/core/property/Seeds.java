package io.ballast.core.property;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;

/**
 * The seeds of a property, one {@link Seed} argument per try of a {@code @ParameterizedTest}:
 * <pre>
 * &#64;ParameterizedTest(name = Seeds.NAME)
 * &#64;Seeds(tries = 1_000)
 * void property(Seed seed) { PropertyCheck.check(seed, ..., ...); }
 * </pre>
 * By default the seeds are a fixed sequence derived from the property's name, so every run (and
 * CI) checks the same inputs and a failure replays. System properties (Maven passes {@code -D}
 * options to the tests):
 * <ul>
 *   <li>{@code -Dballast.seed=0x…}: run only this seed (as printed by a failure), to replay it;</li>
 *   <li>{@code -Dballast.seed.base=N}: derive another fixed sequence from {@code N}, to explore new inputs;</li>
 *   <li>{@code -Dballast.tries=N}: make {@code N} tries instead of the declared number.</li>
 * </ul>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(Seeds.Provider.class)
public @interface Seeds {
    /** Display name of each invocation: the try and its seed. */
    String NAME = "{0}";
    String SEED_PROPERTY = "ballast.seed";
    String BASE_PROPERTY = "ballast.seed.base";
    String TRIES_PROPERTY = "ballast.tries";

    /** How many inputs to try. */
    int tries();

    /** Generates the seeds for one property. */
    final class Provider implements ArgumentsProvider, AnnotationConsumer<Seeds> {
        private int tries;

        @Override
        public void accept(Seeds seeds) {
            this.tries = seeds.tries();
        }

        @Override
        public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
            Method method = context.getRequiredTestMethod();
            String test = context.getRequiredTestClass().getName() + "#" + method.getName();
            String replay = System.getProperty(SEED_PROPERTY);
            if (replay != null) {
                return Stream.of(Arguments.of(new Seed(Seed.parse(replay), test, 1, 1)));
            }
            int count = Integer.getInteger(TRIES_PROPERTY, tries);
            String base = System.getProperty(BASE_PROPERTY);
            long start = base == null ? test.hashCode() : Seed.parse(base) ^ test.hashCode();
            SplittableRandom sequence = new SplittableRandom(start);
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                values[i] = sequence.nextLong();
            }
            return IntStream.range(0, count).mapToObj(i -> Arguments.of(new Seed(values[i], test, i + 1, count)));
        }
    }
}
