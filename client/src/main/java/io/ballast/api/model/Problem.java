package io.ballast.api.model;

/**
 * An RFC 7807 problem (media type {@code application/problem+json}) with a stable machine code.
 *
 * @param type   a URI naming the problem kind ({@code https://ballast.dev/problems/<code>})
 * @param code   stable machine code (e.g. {@code BAD_SIGNATURE}, {@code STALE_NONCE}, {@code LANE_FULL})
 * @param detail a human-readable explanation of this occurrence
 */
public record Problem(String type, String title, int status, String detail, String code) {}
