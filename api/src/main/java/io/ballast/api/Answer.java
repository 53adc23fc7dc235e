package io.ballast.api;

/** A reply from the chain index: a value or an {@link ApiError}. */
public record Answer<T>(T value, ApiError error) {
    public static <T> Answer<T> of(T value) {
        return new Answer<>(value, null);
    }

    public static <T> Answer<T> failed(ApiError error) {
        return new Answer<>(null, error);
    }

    /** The value, or throws the error (routes turn it into a problem response). */
    public T get() {
        if (error != null) {
            throw error;
        }
        return value;
    }
}
