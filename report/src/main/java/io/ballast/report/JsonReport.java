package io.ballast.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ballast.sim.Invariant;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * report.json: the {@link ReportModel} as written, record components in declaration order, enums by the names the
 * command line uses, chart points as {@code [x, y]} or {@code [x, y, seed]}, arrays on one line. Only integers: no
 * number is formatted, so equal models give byte-identical files on any machine.
 */
public final class JsonReport {
    /** Bumped when a field changes meaning or goes away (report.schema.json describes this version). */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = mapper();

    private JsonReport() {}

    private record Document(int schemaVersion, ReportModel report) {}

    public static String write(ReportModel model) {
        try {
            return MAPPER.writeValueAsString(new Document(SCHEMA_VERSION, model)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule names = new SimpleModule("ballast-report");
        names.addSerializer(FaultClass.class, text(FaultClass::id));
        names.addSerializer(Unit.class, text(Unit::symbol));
        names.addSerializer(PlantedBug.class, text(PlantedBug::id));
        names.addSerializer(Invariant.class, text(Invariant::label));
        names.addSerializer(Series.Point.class, new JsonSerializer<>() {
            @Override
            public void serialize(Series.Point point, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeStartArray();
                json.writeNumber(point.x());
                json.writeNumber(point.y());
                if (point.seed() != null) {
                    json.writeNumber(point.seed());
                }
                json.writeEndArray();
            }
        });
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
        return new ObjectMapper().registerModule(names).enable(SerializationFeature.INDENT_OUTPUT)
                .setDefaultPrettyPrinter(printer);
    }

    private static <T> JsonSerializer<T> text(java.util.function.Function<T, String> name) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeString(name.apply(value));
            }
        };
    }
}
