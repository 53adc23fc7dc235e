package io.ballast.api.client;

import io.ballast.api.model.Problem;

/** A non-2xx answer from a node, with its RFC 9457 problem (its code; for a transaction committed but rejected, its block position). */
public final class BallastApiException extends RuntimeException {
    private final Problem problem;

    public BallastApiException(Problem problem) {
        super(problem.status() + " " + problem.code() + ": " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public String code() {
        return problem.code();
    }

    public int status() {
        return problem.status();
    }
}
