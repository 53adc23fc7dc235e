package io.ballast.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ballast.core.ledger.RejectCode;
import java.util.Locale;

/**
 * An RFC 9457 problem (media type {@code application/problem+json}) with a stable machine code. A transaction that
 * was committed but rejected by the ledger also carries its block position ({@code txHash}, {@code height},
 * {@code index}); other problems leave them out (null here).
 *
 * @param type   a URI naming the problem kind ({@code https://ballast.dev/problems/<code>})
 * @param title  the problem kind in words (the same for every occurrence of a code)
 * @param code   stable machine code (e.g. {@code BAD_SIGNATURE}, {@code STALE_NONCE}, {@code LANE_FULL})
 * @param detail a human-readable explanation of this occurrence
 * @param txHash committed but rejected: the transaction
 * @param height committed but rejected: the block that carries it
 * @param index  committed but rejected: its position in the block
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String txHash, Long height,
                      Integer index) {
    /** A problem that is not about a committed transaction. */
    public Problem(String type, String title, int status, String detail, String code) {
        this(type, title, status, detail, code, null, null, null);
    }

    /** The problem for {@code code}: its type URI and title follow from the code. */
    public static Problem of(int status, String code, String detail) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return new Problem("https://ballast.dev/problems/" + words.replace(' ', '-'),
                Character.toUpperCase(words.charAt(0)) + words.substring(1), status, detail, code);
    }

    /** A transaction the ledger rejected in a committed block: its reject code, status and block position. */
    public static Problem rejectedInBlock(TxReceiptView receipt) {
        if (receipt.accepted()) {
            throw new IllegalArgumentException("receipt " + receipt.txHash() + " was accepted");
        }
        return of(rejectionStatus(RejectCode.valueOf(receipt.code())), receipt.code(), "transaction " + receipt.txHash()
                + " committed at height " + receipt.height() + " but was rejected: " + receipt.detail())
                .committedAt(receipt.txHash(), receipt.height(), receipt.index());
    }

    /** A ledger refusal's HTTP status: a used or wrong nonce is a conflict, a signer without the right is forbidden. */
    public static int rejectionStatus(RejectCode code) {
        return switch (code) {
            case STALE_NONCE, BAD_NONCE, NONCE_TOO_FAR_AHEAD -> 409;
            case NOT_AUTHORIZED -> 403;
            default -> 422;
        };
    }

    /** The same problem naming the committed block position of the transaction it is about. */
    public Problem committedAt(String newTxHash, long newHeight, int newIndex) {
        return new Problem(type, title, status, detail, code, newTxHash, newHeight, newIndex);
    }
}
