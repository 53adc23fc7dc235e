package io.ballast.api;

import io.ballast.api.model.Problem;
import io.ballast.core.ledger.RejectCode;

/**
 * An answer that is not a success: status, stable machine code, human detail and, for back-pressure, a
 * Retry-After in seconds (0: none). Rendered as {@code application/problem+json}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiError(int status, String code, String detail) {
        this(status, code, detail, 0);
    }

    public ApiError(int status, String code, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem problem() {
        return new Problem("https://ballast.dev/problems/" + code.toLowerCase().replace('_', '-'), title(status), status,
                getMessage(), code);
    }

    static ApiError badRequest(String code, String detail) {
        return new ApiError(400, code, detail);
    }

    static ApiError unprocessable(String code, String detail) {
        return new ApiError(422, code, detail);
    }

    static ApiError notFound(String code, String detail) {
        return new ApiError(404, code, detail);
    }

    /**
     * The ledger's refusal (on admission, or in a committed receipt) as a problem: its code is the machine code;
     * a used or wrong nonce is a conflict, a signer without the right is forbidden, the rest unprocessable.
     */
    static ApiError ofRejection(RejectCode code, String detail) {
        int status = switch (code) {
            case STALE_NONCE, BAD_NONCE -> 409;
            case NOT_AUTHORIZED -> 403;
            default -> 422;
        };
        return new ApiError(status, code == RejectCode.MALFORMED ? "INVALID_TRANSACTION" : code.name(), detail);
    }

    static ApiError unavailable(String detail) {
        return new ApiError(503, "NODE_UNAVAILABLE", detail, 1);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}
