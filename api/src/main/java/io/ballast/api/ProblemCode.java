package io.ballast.api;

/**
 * The API's own machine codes of problem responses. With the ledger's {@link io.ballast.core.ledger.RejectCode}s (for
 * transactions refused at admission or rejected in a committed block) they are every {@code code} a problem can carry;
 * the OpenAPI document lists the same set (the contract test compares them).
 */
public enum ProblemCode {
    // ---- the HTTP layer, before any route runs (ProblemParsingErrors) ----
    /** A request line, header or URI that does not parse; more than 64 headers; no Host header. */
    MALFORMED_REQUEST,
    /** A request target longer than the server's limit. */
    URI_TOO_LONG,
    /** A header name or value longer than the server's limit. */
    HEADERS_TOO_LARGE,
    /** A method the server does not know at all (a known method on the wrong path is {@link #METHOD_NOT_ALLOWED}). */
    METHOD_NOT_IMPLEMENTED,
    /** An HTTP version other than 1.0 and 1.1. */
    HTTP_VERSION_NOT_SUPPORTED,
    /** A body on a method that takes none (TRACE, HEAD). */
    BODY_NOT_ALLOWED,

    // ---- routing ----
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    /** A query the routes could not read (e.g. a malformed percent-encoding). */
    BAD_REQUEST,
    BAD_PARAMETER,
    /** The node did not produce the response within its request timeout. */
    RESPONSE_TIMEOUT,

    // ---- request bodies (POST /v1/tx) ----
    UNSUPPORTED_MEDIA_TYPE,
    BODY_TOO_LARGE,
    /** The body did not arrive in time. */
    BODY_TIMEOUT,
    MALFORMED_JSON,
    UNKNOWN_FIELD,
    INVALID_FIELD,
    BAD_AMOUNT,

    // ---- transactions: the API's own checks before a validator sees them ----
    TX_TOO_LARGE,
    BAD_SIGNATURE,
    OUT_OF_RANGE,
    UNKNOWN_MARKET,
    /** Not a canonical signed transaction (the ledger's {@code MALFORMED}). */
    INVALID_TRANSACTION,
    ALREADY_COMMITTED,
    LANE_FULL,

    // ---- reads ----
    TX_NOT_FOUND,
    ACCOUNT_NOT_FOUND,
    BLOCK_NOT_FOUND,
    BLOCK_NOT_RETAINED,

    // ---- the node cannot answer now (503, with Retry-After) ----
    NODE_UNAVAILABLE,
    NODE_BUSY,
    PROOF_UNAVAILABLE
}
