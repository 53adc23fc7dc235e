package io.ballast.api;

import io.ballast.api.model.Problem;
import io.ballast.api.model.TxReceiptView;
import io.ballast.core.ledger.RejectCode;
import java.util.Set;
import java.util.TreeSet;

/**
 * An answer that is not a success: status, stable machine code, human detail, for back-pressure a Retry-After in
 * seconds (required on 429 and 503, 0 elsewhere), and for a transaction committed but rejected its block position.
 * Rendered as {@code application/problem+json} (RFC 9457).
 */
public final class ApiError extends RuntimeException {
    private final Problem problem;
    private final long retryAfterSeconds;

    public ApiError(int status, ProblemCode code, String detail) {
        this(Problem.of(status, code.name(), detail), 0);
    }

    public ApiError(int status, ProblemCode code, String detail, long retryAfterSeconds) {
        this(Problem.of(status, code.name(), detail), retryAfterSeconds);
    }

    private ApiError(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        if (problem.status() < 400 || problem.status() > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + problem.status());
        }
        if ((problem.status() == 429 || problem.status() == 503) != (retryAfterSeconds > 0)) {
            throw new IllegalArgumentException("429 and 503 carry a Retry-After, nothing else does: " + problem.status()
                    + " " + problem.code() + " retry after " + retryAfterSeconds + " s");
        }
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return problem.status();
    }

    public String code() {
        return problem.code();
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Every code a problem may carry: the API's own and the ledger's reject codes (MALFORMED is INVALID_TRANSACTION). */
    static Set<String> codes() {
        Set<String> codes = new TreeSet<>();
        for (ProblemCode code : ProblemCode.values()) {
            codes.add(code.name());
        }
        for (RejectCode code : RejectCode.values()) {
            codes.add(rejectionCode(code));
        }
        return codes;
    }

    static ApiError badRequest(ProblemCode code, String detail) {
        return new ApiError(400, code, detail);
    }

    static ApiError unprocessable(ProblemCode code, String detail) {
        return new ApiError(422, code, detail);
    }

    static ApiError notFound(ProblemCode code, String detail) {
        return new ApiError(404, code, detail);
    }

    /** The ledger's refusal at admission as a problem: its reject code is the machine code. */
    static ApiError ofRejection(RejectCode code, String detail) {
        return new ApiError(Problem.of(Problem.rejectionStatus(code), rejectionCode(code), detail), 0);
    }

    /** A transaction committed but rejected by the ledger: its reject code, with its block position as fields. */
    static ApiError rejectedInBlock(TxReceiptView receipt) {
        return new ApiError(Problem.rejectedInBlock(receipt), 0);
    }

    static ApiError unavailable(String detail) {
        return new ApiError(503, ProblemCode.NODE_UNAVAILABLE, detail, 1);
    }

    private static String rejectionCode(RejectCode code) {
        return code == RejectCode.MALFORMED ? ProblemCode.INVALID_TRANSACTION.name() : code.name();
    }
}
