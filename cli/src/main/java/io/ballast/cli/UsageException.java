package io.ballast.cli;

/** A command used wrongly: printed with the command's usage, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
