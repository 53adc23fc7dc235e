package io.ballast.cli;

/** Entry point of bin/ballast. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("usage: bin/ballast COMMAND");
    }
}
