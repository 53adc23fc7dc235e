package io.ballast.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Numbers read the same on every machine (the page is compared byte for byte across runs). */
class FormatTest {
    @Test
    void numbersDoNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
            assertEquals("1,234,567", Format.grouped(1_234_567));
            assertEquals("$12,346", Format.usd(12_345_678_901L));
            assertEquals("12.35M", Format.compactUsd(12_345_678_000_000L));
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }

    @Test
    void unitsReadAsPeopleWriteThem() {
        assertEquals("950 ms", Format.millis(950));
        assertEquals("1.2 s", Format.millis(1_250));
        assertEquals("12 s", Format.millis(12_499));
        assertEquals("1.50 %", Format.ppm(15_000));
        assertEquals("−0.50 %", Format.ppm(-5_000), "a small negative share keeps its sign");
        assertEquals("0.00 %", Format.ppm(-10));
        assertEquals("−$3", Format.usd(-3_000_000));
        assertEquals("7.30×", Format.ratio(7_296_000));
        assertEquals("10.00×", Format.ratio(10_000_000));
        assertEquals("0.0012×", Format.ratio(1_218), "small ratios (the cost of corruption) keep four decimals");
        assertEquals("0.0000×", Format.ratio(40));
        assertEquals("0.10×", Format.ratio(100_000));
    }
}
