package io.ballast.api;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * What the HTTP server answers to a request it refuses before any route runs (a request line, URI or header too long
 * or malformed, an unknown method, an unsupported HTTP version, a body where none is allowed): the same
 * {@code application/problem+json} as the routes, with a stable code per status. Pekko HTTP creates it by name
 * ({@code pekko.http.server.parsing.error-handler}, set by {@link ApiServer}); it needs a public no-argument constructor.
 */
public final class ProblemParsingErrors extends ParsingErrorHandler {
    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        String detail = info.summary().isEmpty() ? status.reason() : info.summary();
        log.info("API: refused a malformed request with {}: {}", status.intValue(), detail);
        return ApiRoutes.problemResponse(error(status.intValue(), detail));
    }

    /** The problem for a request the HTTP layer refused with {@code status}. */
    static ApiError error(int status, String detail) {
        return new ApiError(status, code(status), detail, status == 429 || status == 503 ? 1 : 0);
    }

    private static ProblemCode code(int status) {
        return switch (status) {
            case 408 -> ProblemCode.BODY_TIMEOUT;
            case 413 -> ProblemCode.BODY_TOO_LARGE;
            case 414 -> ProblemCode.URI_TOO_LONG;
            case 422 -> ProblemCode.BODY_NOT_ALLOWED;
            case 431 -> ProblemCode.HEADERS_TOO_LARGE;
            case 501 -> ProblemCode.METHOD_NOT_IMPLEMENTED;
            case 505 -> ProblemCode.HTTP_VERSION_NOT_SUPPORTED;
            default -> ProblemCode.MALFORMED_REQUEST;
        };
    }
}
