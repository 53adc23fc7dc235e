package io.ballast.cli;

/**
 * A command used wrongly, found while it runs (a value out of range, a file that would be overwritten): exit code 2,
 * the message and where the command's help is ({@link ExitCodes}). Options picocli cannot parse never get that far.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
