package io.castellan.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain that makes the audit trail tamper-evident: each event's hash covers its sequence number, its
 * content and the previous event's hash, so changing, removing or reordering any event breaks every hash after it.
 * An auditor can recompute the chain offline from an export.
 *
 * <p>Definition: {@code hash = hex(SHA-256(f(seq) || f(event_uid) || f(occurred_at) || f(event_type) || f(actor) ||
 * f(source_ip) || f(subject_uids) || f(result) || f(details_json) || f(prev_hash)))}, where each field is its text
 * (numbers in decimal, {@code occurred_at} in epoch milliseconds, {@code subject_uids} comma-joined) as UTF-8,
 * preceded by its byte length as a 4-byte big-endian integer; an absent {@code source_ip} is the length -1 with no
 * bytes. Length prefixes keep field boundaries unambiguous.
 */
public final class AuditChainHash {

    /** The {@code prev_hash} of the first event: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChainHash() {
    }

    /** The hash of event {@code seq} with content {@code e}, chained to {@code prevHash}. */
    public static String of(long seq, NewAuditEvent e, String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, Long.toString(seq));
        field(out, e.eventUid());
        field(out, Long.toString(e.occurredAt().toEpochMilli()));
        field(out, e.eventType());
        field(out, e.actor());
        field(out, e.sourceIp().orElse(null));
        field(out, String.join(",", e.subjectUids()));
        field(out, e.result());
        field(out, e.detailsJson());
        field(out, prevHash);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
