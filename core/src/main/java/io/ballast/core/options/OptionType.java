package io.ballast.core.options;

/** A European option's right: to buy (call) or to sell (put) the underlying at the strike. */
public enum OptionType {
    CALL('C'),
    PUT('P');

    private final char letter;

    OptionType(char letter) {
        this.letter = letter;
    }

    /** The letter that ends a series id: {@code C} or {@code P}. */
    public char letter() {
        return letter;
    }

    /** {@code C}/{@code P} or {@code call}/{@code put} (any case). */
    public static OptionType parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "c", "call" -> CALL;
            case "p", "put" -> PUT;
            default -> throw new IllegalArgumentException("option type must be call or put, got " + text);
        };
    }

    /** The canonical encoding: 0 call, 1 put. */
    public int code() {
        return ordinal();
    }

    public static OptionType ofCode(int code) {
        return switch (code) {
            case 0 -> CALL;
            case 1 -> PUT;
            default -> throw new IllegalArgumentException("unknown option type code " + code);
        };
    }
}
