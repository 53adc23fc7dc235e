package io.ballast.oracle.source;

/** A malformed price file; the message names the source and the 1-based line. */
public final class CsvFormatException extends IllegalArgumentException {
    private final String sourceName;
    private final long lineNumber;

    public CsvFormatException(String sourceName, long lineNumber, String problem) {
        super(sourceName + ":" + lineNumber + ": " + problem);
        this.sourceName = sourceName;
        this.lineNumber = lineNumber;
    }

    public String sourceName() {
        return sourceName;
    }

    /** 1-based line number of the offending line. */
    public long lineNumber() {
        return lineNumber;
    }
}
