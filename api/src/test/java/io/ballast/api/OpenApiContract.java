package io.ballast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.ballast.api.client.ApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The OpenAPI document (the resource the server serves) as a contract: finds the operation a request addresses,
 * checks a response against what that operation documents (status, media type, required headers and their schemas,
 * the body against the schema with a JSON Schema validator in the OpenAPI 3.1 dialect), and remembers which
 * statuses each operation was seen answering.
 */
final class OpenApiContract {
    static final String RESOURCE = "io/ballast/api/openapi.json";
    private static final String LOCATION = "classpath:" + RESOURCE;
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** A documented operation: its id, method (lower case), path template and the template as a pattern. */
    record Operation(String id, String method, String template, Pattern pattern, JsonNode node) {}

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31());
    private final Map<String, Schema> schemas = new HashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Set<Integer>> statusesSeen = new TreeMap<>();

    OpenApiContract() {
        document = read();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            String regex = "\\Q" + path.getKey().replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.add(new Operation(operation.path("operationId").asText(), method, path.getKey(),
                            Pattern.compile(regex), operation));
                    statusesSeen.put(operation.path("operationId").asText(), new TreeSet<>());
                }
            }
        }
        // a concrete path (/v1/blocks/latest) wins over a template that also matches it (/v1/blocks/{height})
        operations.sort(Comparator.comparingLong((Operation op) -> op.template().chars().filter(c -> c == '{').count()));
    }

    static byte[] bytes() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read() {
        try {
            return ApiJson.mapper().readTree(bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The operations documented on the path template that {@code path} (without query) matches, or none. */
    List<Operation> operationsOn(String path) {
        for (Operation operation : operations) {
            if (operation.pattern().matcher(path).matches()) {
                String template = operation.template();
                return operations.stream().filter(op -> op.template().equals(template)).toList();
            }
        }
        return List.of();
    }

    /**
     * What is wrong with {@code response} to {@code method target} against the document (empty: it conforms).
     * A documented operation must document the status and its response must match. On a documented path with a method
     * the path does not take, the status must be documented by the path's operations (405, 501, 400...) and the
     * response match theirs. Elsewhere (no such path) the response must be a problem.
     */
    List<String> check(String method, String target, RawHttp.Response response) {
        String path = target.split("\\?", 2)[0];
        List<Operation> onPath = operationsOn(path);
        Optional<Operation> exact = onPath.stream().filter(op -> op.method().equalsIgnoreCase(method)).findFirst();
        List<String> problems = new ArrayList<>();
        if (onPath.isEmpty()) {
            if (!response.mediaType().equals("application/problem+json")) {
                problems.add("no operation for " + path + ": expected a problem, got " + response.mediaType());
            }
            problems.addAll(validate("/components/schemas/Problem", response.text()));
            return problems;
        }
        List<Operation> answering = exact.map(List::of).orElse(onPath);
        for (Operation operation : answering) {
            JsonNode documented = operation.node().path("responses").get(Integer.toString(response.status()));
            String where = operation.id() + " " + response.status();
            if (documented == null) {
                problems.add(where + " is not documented (documented: "
                        + names(operation.node().path("responses")) + ")");
                continue;
            }
            String pointer = "/paths/" + escape(operation.template()) + "/" + operation.method() + "/responses/"
                    + response.status();
            if (documented.has("$ref")) {
                pointer = documented.get("$ref").asText().substring(1);
                documented = at(pointer);
            }
            problems.addAll(checkResponse(where, pointer, documented, response));
            // a method the path does not take answers for every operation on it (405, 501): it counts for each
            statusesSeen.get(operation.id()).add(response.status());
        }
        return problems;
    }

    private List<String> checkResponse(String where, String pointer, JsonNode documented, RawHttp.Response response) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> header : documented.path("headers").properties()) {
            Optional<String> value = response.header(header.getKey());
            if (value.isEmpty()) {
                if (header.getValue().path("required").asBoolean(false)) {
                    problems.add(where + ": required header " + header.getKey() + " is missing");
                }
                continue;
            }
            String json = value.get().matches("-?[0-9]{1,18}") ? value.get() : ApiJson.mapper().valueToTree(value.get()).toString();
            validate(pointer + "/headers/" + escape(header.getKey()) + "/schema", json)
                    .forEach(error -> problems.add(where + ": header " + header.getKey() + ": " + error));
        }
        JsonNode content = documented.get("content");
        if (content == null) {
            if (response.body().length > 0) {
                problems.add(where + ": documented without a body, answered " + response.body().length + " bytes");
            }
            return problems;
        }
        String mediaType = response.mediaType();
        if (!content.has(mediaType)) {
            problems.add(where + ": media type \"" + mediaType + "\" is not documented (documented: "
                    + names(content) + ")");
            return problems;
        }
        if (mediaType.endsWith("json")) {
            validate(pointer + "/content/" + escape(mediaType) + "/schema", response.text())
                    .forEach(error -> problems.add(where + ": " + error));
        }
        return problems;
    }

    /** The errors of {@code json} against the schema at {@code pointer} in the document (empty: valid). */
    List<String> validate(String pointer, String json) {
        JsonNode node = at(pointer);
        String location = node.size() == 1 && node.has("$ref") ? node.get("$ref").asText().substring(1) : pointer;
        Schema schema = schemas.computeIfAbsent(location, key -> registry.getSchema(SchemaLocation.of(LOCATION + "#" + key)));
        List<String> errors = new ArrayList<>();
        try {
            for (Error error : schema.validate(json, InputFormat.JSON)) {
                errors.add(error.toString());
            }
        } catch (RuntimeException unreadable) {
            errors.add("not JSON: " + unreadable.getMessage() + ": " + json.substring(0, Math.min(200, json.length())));
        }
        return errors;
    }

    JsonNode at(String pointer) {
        JsonNode node = document.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("no " + pointer + " in the document");
        }
        return node;
    }

    /** Operations never seen answering a 2xx, and those never seen answering an error. */
    List<String> uncovered() {
        List<String> missing = new ArrayList<>();
        statusesSeen.forEach((id, statuses) -> {
            if (statuses.stream().noneMatch(status -> status < 300)) {
                missing.add(id + ": no success case");
            }
            if (statuses.stream().noneMatch(status -> status >= 400)) {
                missing.add(id + ": no error case");
            }
        });
        return missing;
    }

    Map<String, Set<Integer>> statusesSeen() {
        return statusesSeen;
    }

    /** A JSON Pointer token (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode object) {
        List<String> all = new ArrayList<>();
        object.properties().forEach(property -> all.add(property.getKey()));
        return String.join(", ", all).toLowerCase(Locale.ROOT);
    }
}
