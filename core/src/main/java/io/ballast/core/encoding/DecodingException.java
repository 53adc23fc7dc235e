package io.ballast.core.encoding;

/** Input bytes that are not a canonical encoding of the expected value. */
public final class DecodingException extends RuntimeException {
    public DecodingException(String message) {
        super(message, null, false, false);
    }
}
