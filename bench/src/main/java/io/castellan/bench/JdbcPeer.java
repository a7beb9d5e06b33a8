package io.castellan.bench;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floors any design pays, straight from the server's database with plain JDBC (no server, no HTTP, no envelope,
 * no JSON): reading the user's encrypted rows and opening them with JCA AES-256-GCM (record key unwrapped with the
 * data key, then the record data with the record key), and single-row reads by primary key.
 */
final class JdbcPeer {

    /** The user's own records with the user's wrapped record key: what sync_down must read at the least. */
    static final String ALL_ROWS = "SELECT r.uid, r.encrypted_data, k.encrypted_record_key FROM records r"
            + " JOIN record_keys k ON k.record_uid = r.uid AND k.holder_kind = 'user' AND k.holder_uid = ?"
            + " WHERE r.deleted = FALSE";

    /** One record with the user's wrapped key: what record_get must read at the least. */
    static final String ONE_ROW = "SELECT r.revision, r.encrypted_data, k.encrypted_record_key FROM records r"
            + " JOIN record_keys k ON k.record_uid = r.uid AND k.holder_kind = 'user' AND k.holder_uid = ?"
            + " WHERE r.uid = ? AND r.deleted = FALSE";

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final String jdbcUrl;

    JdbcPeer(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Opens a connection, reads every record of {@code userUid} and decrypts each.
     *
     * @return the number of records opened
     */
    int readAndDecryptAll(String userUid, byte[] dataKey) throws SQLException, GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec wrapKey = new SecretKeySpec(dataKey, "AES");
        int count = 0;
        long plaintextBytes = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(ALL_ROWS)) {
                ps.setFetchSize(1000);
                ps.setString(1, userUid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] data = rs.getBytes(2);
                        byte[] recordKey = open(cipher, wrapKey, rs.getBytes(3));
                        plaintextBytes += open(cipher, new SecretKeySpec(recordKey, "AES"), data).length;
                        count++;
                    }
                }
            }
            c.commit();
        }
        if (plaintextBytes == 0 && count > 0) {
            throw new IllegalStateException("nothing decrypted");
        }
        return count;
    }

    private static byte[] open(Cipher cipher, SecretKeySpec key, byte[] blob) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE));
        return cipher.doFinal(blob, NONCE, blob.length - NONCE);
    }

    /** Latencies (ns) of every read, one array per thread, and the wall time of the whole run. */
    record Reads(List<long[]> latencies, long wallNanos, int total) {
        double perSecond() {
            return total / Stats.seconds(wallNanos);
        }
    }

    /**
     * {@code threads} connections each read its share of {@code uids} (in order) one row at a time.
     *
     * @param uids the record UIDs to read, split round-robin between the threads
     */
    Reads singleRowReads(String userUid, List<String> uids, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Connection> connections = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                connections.add(DriverManager.getConnection(jdbcUrl));
            }
            try {
                // warm-up: prepare the statement and touch the pages, untimed
                for (Connection c : connections) {
                    readSome(c, userUid, uids.subList(0, Math.min(uids.size(), 200)), new long[200]);
                }
                List<Callable<long[]>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<String> mine = new ArrayList<>();
                    for (int i = t; i < uids.size(); i += threads) {
                        mine.add(uids.get(i));
                    }
                    Connection c = connections.get(t);
                    work.add(() -> {
                        long[] lat = new long[mine.size()];
                        readSome(c, userUid, mine, lat);
                        return lat;
                    });
                }
                long start = System.nanoTime();
                List<Future<long[]>> futures = pool.invokeAll(work);
                long wall = System.nanoTime() - start;
                List<long[]> latencies = new ArrayList<>();
                for (Future<long[]> f : futures) {
                    latencies.add(f.get());
                }
                return new Reads(latencies, wall, uids.size());
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void readSome(Connection c, String userUid, List<String> uids, long[] latencies)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ONE_ROW)) {
            ps.setString(1, userUid);
            for (int i = 0; i < uids.size(); i++) {
                long t0 = System.nanoTime();
                ps.setString(2, uids.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getBytes(2).length == 0 || rs.getBytes(3).length == 0) {
                        throw new IllegalStateException("record " + uids.get(i) + " not found by the peer");
                    }
                }
                latencies[i] = System.nanoTime() - t0;
            }
        }
    }
}
