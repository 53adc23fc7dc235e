package io.ballast.core.ledger.tx;

import io.ballast.core.crypto.Bytes32;
import io.ballast.core.crypto.Signature;
import io.ballast.core.json.Json;
import io.ballast.core.json.JsonException;
import io.ballast.core.json.JsonFields;
import io.ballast.core.math.Fixed;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * JSON form of a signed transaction (one line of a replay file). Keys and signatures are hex,
 * amounts decimal strings ({@code "12.5"} USD, {@code "-0.25"} base units), times integers:
 * <pre>{"type":"trade","signer":"..","nonce":3,"priorityFeeUsd":"0","market":"BTC-PERP",
 *  "sizeDelta":"0.5","limitPriceUsd":"51000","signature":".."}</pre>
 * Unknown fields are errors. The JSON carries the same values as the canonical encoding, so the
 * signature verifies after a round trip.
 */
public final class TransactionJson {
    private static final Set<String> ENVELOPE = Set.of("type", "signer", "nonce", "priorityFeeUsd", "signature");

    private TransactionJson() {}

    public static String toJson(SignedTransaction tx) {
        return Json.write(toMap(tx));
    }

    public static Map<String, Object> toMap(SignedTransaction tx) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", typeName(tx.body()));
        map.put("signer", tx.signer().toHex());
        map.put("nonce", tx.nonce());
        map.put("priorityFeeUsd", usd(tx.priorityFeeUsd()));
        TxBody body = tx.body();
        if (body instanceof TxBody.Deposit d) {
            map.put("account", d.account().toHex());
            map.put("amountUsd", usd(d.amountUsd()));
        } else if (body instanceof TxBody.Withdraw w) {
            map.put("amountUsd", usd(w.amountUsd()));
        } else if (body instanceof TxBody.Trade t) {
            map.put("market", t.marketId());
            map.put("sizeDelta", Fixed.formatDecimal(t.sizeDeltaE8(), 8));
            map.put("limitPriceUsd", usd(t.limitPriceUsd()));
        } else if (body instanceof TxBody.ClosePosition c) {
            map.put("market", c.marketId());
            map.put("worstPriceUsd", usd(c.worstPriceUsd()));
        } else if (body instanceof TxBody.LpDeposit l) {
            map.put("amountUsd", usd(l.amountUsd()));
        } else if (body instanceof TxBody.LpWithdraw l) {
            map.put("shares", l.shares());
        } else if (body instanceof TxBody.Liquidate l) {
            map.put("target", l.targetAccount().toHex());
        } else if (body instanceof TxBody.BondStake b) {
            map.put("amountUsd", usd(b.amountUsd()));
        } else if (body instanceof TxBody.Unbond u) {
            map.put("amountUsd", usd(u.amountUsd()));
        } else if (body instanceof TxBody.AttestedDeposit d) {
            map.put("account", d.account().toHex());
            map.put("amountUsd", usd(d.amountUsd()));
            java.util.List<Object> attestations = new java.util.ArrayList<>();
            for (TxBody.Attestation a : d.attestations()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("attestor", a.attestor().toHex());
                m.put("signature", a.signature().toHex());
                attestations.add(m);
            }
            map.put("attestations", attestations);
        } else if (body instanceof TxBody.ReportEquivocation r) {
            map.put("evidence", java.util.HexFormat.of().formatHex(r.evidence().encode()));
        } else if (body instanceof TxBody.OracleReport o) {
            map.put("market", o.marketId());
            map.put("priceUsd", usd(o.priceUsd()));
            map.put("timestampMillis", o.timestampMillis());
        } else if (body instanceof TxBody.ListOption l) {
            map.put("market", l.marketId());
            map.put("expiryMillis", l.expiryMillis());
            map.put("strikeUsd", usd(l.strikeUsd()));
            map.put("optionType", l.optionType().name().toLowerCase(java.util.Locale.ROOT));
            map.put("contractSize", Fixed.formatDecimal(l.contractSizeE8(), 8));
        } else if (body instanceof TxBody.VolReport v) {
            map.put("market", v.marketId());
            map.put("volPpm", v.volPpm());
            map.put("timestampMillis", v.timestampMillis());
        }
        map.put("signature", tx.signature().toHex());
        return map;
    }

    /** Parses one JSON object; throws {@link JsonException} on unknown or malformed fields. */
    public static SignedTransaction fromJson(String json) {
        return fromObject(Json.parse(json));
    }

    public static SignedTransaction fromObject(Object parsed) {
        JsonFields f = new JsonFields("transaction", parsed);
        String type = f.string("type");
        TxBody body;
        try {
            body = switch (type) {
                case "deposit" -> {
                    f.allowOnly(with("account", "amountUsd"));
                    yield new TxBody.Deposit(key(f, "account"), f.decimal("amountUsd", 6));
                }
                case "withdraw" -> {
                    f.allowOnly(with("amountUsd"));
                    yield new TxBody.Withdraw(f.decimal("amountUsd", 6));
                }
                case "trade" -> {
                    f.allowOnly(with("market", "sizeDelta", "limitPriceUsd"));
                    yield new TxBody.Trade(f.string("market"), f.decimal("sizeDelta", 8), f.decimal("limitPriceUsd", 6));
                }
                case "closePosition" -> {
                    f.allowOnly(with("market", "worstPriceUsd"));
                    yield new TxBody.ClosePosition(f.string("market"), f.decimal("worstPriceUsd", 6));
                }
                case "lpDeposit" -> {
                    f.allowOnly(with("amountUsd"));
                    yield new TxBody.LpDeposit(f.decimal("amountUsd", 6));
                }
                case "lpWithdraw" -> {
                    f.allowOnly(with("shares"));
                    yield new TxBody.LpWithdraw(f.integer("shares"));
                }
                case "liquidate" -> {
                    f.allowOnly(with("target"));
                    yield new TxBody.Liquidate(key(f, "target"));
                }
                case "oracleReport" -> {
                    f.allowOnly(with("market", "priceUsd", "timestampMillis"));
                    yield new TxBody.OracleReport(f.string("market"), f.decimal("priceUsd", 6), f.integer("timestampMillis"));
                }
                case "listOption" -> {
                    f.allowOnly(with("market", "expiryMillis", "strikeUsd", "optionType", "contractSize"));
                    yield new TxBody.ListOption(f.string("market"), f.integer("expiryMillis"), f.decimal("strikeUsd", 6),
                            io.ballast.core.options.OptionType.parse(f.string("optionType")), f.decimal("contractSize", 8));
                }
                case "volReport" -> {
                    f.allowOnly(with("market", "volPpm", "timestampMillis"));
                    yield new TxBody.VolReport(f.string("market"), f.integer("volPpm"), f.integer("timestampMillis"));
                }
                case "bondStake" -> {
                    f.allowOnly(with("amountUsd"));
                    yield new TxBody.BondStake(f.decimal("amountUsd", 6));
                }
                case "unbond" -> {
                    f.allowOnly(with("amountUsd"));
                    yield new TxBody.Unbond(f.decimal("amountUsd", 6));
                }
                case "withdrawUnbonded" -> {
                    f.allowOnly(with());
                    yield new TxBody.WithdrawUnbonded();
                }
                case "attestedDeposit" -> {
                    f.allowOnly(with("account", "amountUsd", "attestations"));
                    java.util.List<TxBody.Attestation> attestations = new java.util.ArrayList<>();
                    for (Object a : f.array("attestations")) {
                        if (attestations.size() >= TxBody.AttestedDeposit.MAX_ATTESTATIONS) {
                            throw new JsonException("transaction.attestations: more than "
                                    + TxBody.AttestedDeposit.MAX_ATTESTATIONS);
                        }
                        JsonFields af = new JsonFields("transaction.attestations[]", a).allowOnly(Set.of("attestor", "signature"));
                        attestations.add(new TxBody.Attestation(key(af, "attestor"), Signature.fromHex(af.string("signature"))));
                    }
                    yield new TxBody.AttestedDeposit(key(f, "account"), f.decimal("amountUsd", 6), attestations);
                }
                case "unjail" -> {
                    f.allowOnly(with());
                    yield new TxBody.Unjail();
                }
                case "reportEquivocation" -> {
                    f.allowOnly(with("evidence"));
                    yield new TxBody.ReportEquivocation(evidence(f.string("evidence")));
                }
                default -> throw new JsonException("transaction.type: unknown \"" + type + "\"");
            };
            return new SignedTransaction(key(f, "signer"), f.integer("nonce"), f.decimal("priorityFeeUsd", 6), body,
                    Signature.fromHex(f.string("signature")));
        } catch (IllegalArgumentException invalid) {
            throw new JsonException("transaction: " + invalid.getMessage());
        }
    }

    /** The JSON "type" of a body: the record name in lower camel case. */
    public static String typeName(TxBody body) {
        String simple = body.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    private static Set<String> with(String... bodyFields) {
        java.util.HashSet<String> allowed = new java.util.HashSet<>(ENVELOPE);
        allowed.addAll(java.util.List.of(bodyFields));
        return allowed;
    }

    private static io.ballast.core.consensus.Evidence evidence(String hex) {
        if (hex.length() > 2 * TxBody.ReportEquivocation.MAX_EVIDENCE_BYTES) {
            throw new JsonException("transaction.evidence: longer than " + TxBody.ReportEquivocation.MAX_EVIDENCE_BYTES + " bytes");
        }
        try {
            return io.ballast.core.consensus.Evidence.decode(java.util.HexFormat.of().parseHex(hex));
        } catch (io.ballast.core.encoding.DecodingException malformed) {
            throw new JsonException("transaction.evidence: " + malformed.getMessage());
        }
    }

    private static Bytes32 key(JsonFields f, String name) {
        return Bytes32.fromHex(f.string(name));
    }

    private static String usd(long micro) {
        return Fixed.formatDecimal(micro, 6);
    }
}
