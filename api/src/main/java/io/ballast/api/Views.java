package io.ballast.api;

import io.ballast.api.model.AccountProofView;
import io.ballast.api.model.CertificateView;
import io.ballast.api.model.HeaderView;
import io.ballast.api.model.LedgerEventView;
import io.ballast.api.model.TxReceiptView;
import io.ballast.core.consensus.BlockHeader;
import io.ballast.core.consensus.CommitCertificate;
import io.ballast.core.crypto.Bytes32;
import io.ballast.core.ledger.AccountProof;
import io.ballast.core.ledger.LedgerEvent;
import io.ballast.core.ledger.Receipt;
import io.ballast.core.ledger.Units;
import io.ballast.core.ledger.tx.TransactionJson;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Core values → JSON DTOs (never events or core objects on the wire). Amounts become decimal strings. */
final class Views {
    private static final HexFormat HEX = HexFormat.of();

    private Views() {}

    static HeaderView header(BlockHeader header) {
        return new HeaderView(header.height(), header.epoch(), header.timestampMillis(), header.proposer(),
                header.hash().toHex(), header.parentHash().toHex(), header.stateRoot().toHex(), header.txRoot().toHex(),
                header.validatorSetHash().toHex(), HEX.formatHex(header.encode()));
    }

    static CertificateView certificate(CommitCertificate certificate) {
        List<Integer> signers = new ArrayList<>();
        certificate.signatures().forEach(sig -> signers.add(sig.validator()));
        return new CertificateView(certificate.height(), certificate.round(), certificate.blockHash().toHex(), signers,
                HEX.formatHex(certificate.encode()));
    }

    static AccountProofView proof(long height, Bytes32 root, AccountProof proof, HeaderView next, CertificateView cert) {
        List<String> siblings = new ArrayList<>();
        proof.proof().siblings().forEach(sibling -> siblings.add(sibling.toHex()));
        return new AccountProofView(height, root.toHex(), HEX.formatHex(proof.accountEncoding()), proof.proof().leafIndex(),
                proof.proof().leafCount(), siblings, next, cert);
    }

    static TxReceiptView receipt(long height, Receipt receipt) {
        String type = TransactionJson.typeName(receipt.transaction().body());
        String signer = receipt.transaction().signer().toHex();
        if (receipt instanceof Receipt.Rejected rejected) {
            return new TxReceiptView(receipt.txHash().toHex(), height, receipt.index(), type, signer, false,
                    rejected.code().name(), rejected.reason(), List.of());
        }
        Receipt.Accepted accepted = (Receipt.Accepted) receipt;
        return new TxReceiptView(receipt.txHash().toHex(), height, receipt.index(), type, signer, true, "OK", "",
                events(accepted.events()));
    }

    static List<LedgerEventView> events(List<LedgerEvent> events) {
        List<LedgerEventView> views = new ArrayList<>(events.size());
        events.forEach(event -> views.add(event(event)));
        return views;
    }

    /** Every record component as a string: keys hex, {@code ...Usd} as USD decimals, {@code ...E8} as base units. */
    static LedgerEventView event(LedgerEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(event);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
            fields.put(fieldName(component.getName()), text(component.getName(), value));
        }
        return new LedgerEventView(event.getClass().getSimpleName(), fields);
    }

    /**
     * Accounts an event names (for per-account journals); a validator's own events (rewards, slashes, jail) go to the
     * account of its key, which holds its bond's collateral.
     */
    static List<Bytes32> accountsOf(LedgerEvent event) {
        List<Bytes32> accounts = new ArrayList<>(2);
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            if (component.getType() == Bytes32.class && !component.getName().equals("liquidator")) {
                try {
                    accounts.add((Bytes32) component.getAccessor().invoke(event));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component.getName(), e);
                }
            }
        }
        return accounts;
    }

    private static String fieldName(String name) {
        return name.endsWith("E8") ? name.substring(0, name.length() - 2) : name;
    }

    private static String text(String name, Object value) {
        if (value instanceof Bytes32 key) {
            return key.toHex();
        }
        if (value instanceof Long number) {
            if (name.endsWith("Usd")) {
                return Units.formatUsd(number);
            }
            if (name.endsWith("E8")) {
                return Units.formatSize(number);
            }
        }
        return String.valueOf(value);
    }
}
