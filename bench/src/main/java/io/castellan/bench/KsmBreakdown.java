package io.castellan.bench;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.model.ksm.GetSecretRequest;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.ResponseRecord;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.ksm.WireJson;
import io.castellan.model.record.RecordData;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.StoreAudit;
import io.castellan.server.keys.TransmissionKey;
import io.castellan.store.AppRecordGrant;
import io.castellan.store.AppViewRepository;
import io.castellan.store.ApplicationRepository;
import io.castellan.store.DataEpoch;
import io.castellan.store.DeviceRepository;
import io.castellan.store.UsedTransmissionKeyRepository;
import java.io.PrintStream;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the time of one {@code get_secret} goes: each step the device and the server perform, timed on its own, one
 * thread, on the benchmark's own server and store (so the store steps pay the same database). The steps follow the
 * server's {@code DeviceHandler} and {@code SecretsEndpoints} and the SDK's {@code DeviceTransport} and
 * {@code ResponseDecoder}, re-enacted from the same public building blocks (those classes are package-private):
 * <ul>
 *   <li>device: ECIES seal of a fresh transmission key, AES-GCM of the request, ECDSA signature; then AES-GCM of the
 *       answer, its JSON, and per record the key unwrap, the data decryption and the record JSON;</li>
 *   <li>server: ECIES open, request decryption and JSON, the device row, the signature check, the read
 *       transaction of the data epoch (the answer's snapshot is kept while it stands still; its queries run only
 *       after a change), building and encrypting the answer, and the one write transaction of
 *       the replay mark and the {@code device_secrets_read} audit event, alone and as 8 reads share it in a group
 *       commit ({@code ReadCommits}, when none of them fails); rows marked "before" time what the server did
 *       earlier (the replay INSERT and the audit event in transactions of their own, the five queries, the
 *       four queries run on every request before the snapshot was kept, the key decoded each time).</li>
 * </ul>
 * Not included: TLS and HTTP (the {@code /healthz} peer shows them), Jetty's dispatch, the rate limiter (a map lookup),
 * and the once-a-minute {@code last_seen_at} update. The audit events written here are real events in the throwaway
 * store's chain.
 */
final class KsmBreakdown {

    private final KsmServer server;
    private final String appUid;
    private final byte[] appKey;
    private final int records;
    private final Report report;
    private final PrintStream log;

    KsmBreakdown(KsmServer server, String appUid, byte[] appKey, int records, Report report, PrintStream log) {
        this.server = server;
        this.appUid = appUid;
        this.appKey = appKey;
        this.records = records;
        this.report = report;
        this.log = log;
    }

    private record Step(String side, String name, double medianMs) {
    }

    void run(String store) {
        log.printf("[%s] breakdown: each step of one get_secret timed on its own, one thread%n", store);
        Clock clock = Clock.systemUTC();
        WireJson wire = WireJson.create();
        TransmissionKey serverKey = server.server.transmissionKeys().current();
        KeyPair deviceKeys = EcKeys.generateKeyPair();
        byte[] rawDeviceKey = EcKeys.rawPublicKey((ECPublicKey) deviceKeys.getPublic());
        DeviceRepository devices = new DeviceRepository(server.store.transactions(), clock);
        String clientId = devices.listByApp(appUid).get(0).clientId();
        ApplicationRepository apps = new ApplicationRepository(server.store.transactions(), clock);
        AppViewRepository views = new AppViewRepository(server.store.transactions());
        UsedTransmissionKeyRepository used = new UsedTransmissionKeyRepository(server.store.transactions());
        Audit audit = new StoreAudit(server.store.auditEvents(), clock);

        byte[] tk = CastellanRandom.bytes(32);
        byte[] requestJson = wire.write(new GetSecretRequest("mj17.0.0", clientId, null, null, null, null));
        byte[] body = Aes256Gcm.encrypt(tk, requestJson);
        byte[] sealed = Ecies.seal(serverKey.publicKeyRaw(), tk);
        byte[] signed = concat(sealed, body);
        byte[] signature = Signatures.signDer((ECPrivateKey) deviceKeys.getPrivate(), signed);
        List<AppRecordGrant> direct = server.store.read(h -> views.directRecords(appUid));
        byte[] appData = server.store.read(h -> apps.get(appUid).orElseThrow().encryptedAppData());
        SecretsManagerResponse response = answer(appData, direct);
        byte[] answerJson = wire.write(response);
        byte[] encryptedAnswer = Aes256Gcm.encrypt(tk, answerJson);
        List<String> subjects = new ArrayList<>();
        subjects.add(appUid);
        direct.forEach(g -> subjects.add(g.record().uid()));

        List<Step> steps = new ArrayList<>();
        // ----- device, before sending
        steps.add(time("device", "ECIES seal of the transmission key (P-256 keygen + ECDH)", 300,
                () -> Ecies.seal(serverKey.publicKeyRaw(), tk)));
        steps.add(time("device", "AES-GCM of the request", 2000, () -> Aes256Gcm.encrypt(tk, requestJson)));
        steps.add(time("device", "ECDSA P-256 signature", 300,
                () -> Signatures.signDer((ECPrivateKey) deviceKeys.getPrivate(), signed)));
        // ----- server
        steps.add(time("server", "ECIES open of the transmission key (ECDH)", 300,
                () -> Ecies.open((ECPrivateKey) serverKey.privateKey(), sealed)));
        steps.add(time("server", "request: AES-GCM + JSON", 2000,
                () -> wire.readRequest(KsmEndpoint.GET_SECRET, Aes256Gcm.decrypt(tk, body))));
        steps.add(time("server", "device row (read)", 300, () -> devices.get(clientId)));
        ECPublicKey boundKey = EcKeys.publicKeyFromRaw(rawDeviceKey);
        steps.add(time("server", "ECDSA verify (bound key decoded once, as the server now does)", 300,
                () -> Signatures.verifyDer(boundKey, signed, signature)));
        steps.add(time("before", "ECDSA verify (key from raw point, each request)", 300,
                () -> Signatures.verifyDer(EcKeys.publicKeyFromRaw(rawDeviceKey), signed, signature)));
        steps.add(time("before", "replay guard INSERT (own write transaction)", 300,
                () -> used.markUsed(CastellanRandom.bytes(32), clock.instant().plus(Duration.ofHours(24)))));
        DataEpoch epoch = new DataEpoch(server.store.transactions());
        steps.add(time("server", "answer's snapshot kept: data epoch read (nothing changed since)", 300,
                () -> server.store.read(h -> epoch.current())));
        steps.add(time("before", "answer's queries (app, grants+records, folders, files), now only after a change", 300,
                () -> server.store.read(h -> {
                    apps.get(appUid);
                    // no shared folder granted here: the server skips the folder records
                    int n = views.directRecords(appUid).size() + views.folderGrants(appUid).size()
                            + views.attachments(appUid).size();
                    return n;
                })));
        steps.add(time("before", "answer's queries (app, grants+records, folders, folder records, files)", 300,
                () -> server.store.read(h -> {
                    apps.get(appUid);
                    int n = views.directRecords(appUid).size() + views.folderGrants(appUid).size()
                            + views.folderRecords(appUid).size() + views.attachments(appUid).size();
                    return n;
                })));
        steps.add(time("server", String.format(Locale.ROOT, "answer: %,d records to JSON (%,d bytes) + AES-GCM",
                direct.size(), answerJson.length), 300, () -> Aes256Gcm.encrypt(tk, wire.write(answer(appData,
                direct)))));
        steps.add(time("server", "replay mark + audit event device_secrets_read (one write transaction)", 300,
                () -> server.store.write(h -> {
                    used.markUsed(CastellanRandom.bytes(32), clock.instant().plus(Duration.ofHours(24)));
                    audit.record("device_secrets_read", "device:" + clientId.substring(0, 16), "127.0.0.1",
                            subjects, Audit.SUCCESS, Map.of("records", Integer.toString(direct.size())));
                    return Boolean.TRUE;
                })));
        // what ReadCommits does when 8 reads arrive together and none fails: their writes in one transaction
        steps.add(time("server", "the same, 8 reads in one group commit, per read", 300,
                () -> server.store.write(h -> {
                    for (int i = 0; i < 8; i++) {
                        used.markUsed(CastellanRandom.bytes(32), clock.instant().plus(Duration.ofHours(24)));
                        audit.record("device_secrets_read", "device:" + clientId.substring(0, 16), "127.0.0.1",
                                subjects, Audit.SUCCESS, Map.of("records", Integer.toString(direct.size())));
                    }
                    return Boolean.TRUE;
                }), 8));
        steps.add(time("before", "audit event device_secrets_read (own write transaction)", 300,
                () -> server.store.write(h -> {
                    audit.record("device_secrets_read", "device:" + clientId.substring(0, 16), "127.0.0.1",
                            subjects, Audit.SUCCESS, Map.of("records", Integer.toString(direct.size())));
                    return Boolean.TRUE;
                })));
        // ----- device, after the answer
        steps.add(time("device", "answer: AES-GCM + JSON", 300, () -> wire.read(
                Aes256Gcm.decrypt(tk, encryptedAnswer), SecretsManagerResponse.class, "get_secret")));
        steps.add(time("device", String.format(Locale.ROOT, "%,d records: key unwrap + AES-GCM + record JSON",
                direct.size()), 300, () -> decode(response)));

        double device = 0;
        double serverSide = 0;
        for (Step s : steps) {
            report.add(store, "breakdown, " + s.side() + ": " + s.name(), Stats.fmtMs(s.medianMs()));
            if (s.side().equals("device")) {
                device += s.medianMs();
            } else if (s.side().equals("server")) {
                serverSide += s.medianMs();
            }
            log.printf("[%s]   %-6s %-80s %s%n", store, s.side(), s.name(), Stats.fmtMs(s.medianMs()));
        }
        report.add(store, "breakdown: sum, device steps / server steps (not the 'before' rows)",
                Stats.fmtMs(device) + " / " + Stats.fmtMs(serverSide));
        if (direct.size() != records) {
            throw new IllegalStateException("the breakdown saw " + direct.size() + " granted records, expected "
                    + records);
        }
        Arrays.fill(tk, (byte) 0);
    }

    /** The answer as {@code SecretsEndpoints.getSecret} builds it for directly granted records. */
    private static SecretsManagerResponse answer(byte[] appData, List<AppRecordGrant> direct) {
        List<ResponseRecord> out = new ArrayList<>(direct.size());
        for (AppRecordGrant g : direct) {
            out.add(new ResponseRecord(g.record().uid(), Base64s.encode(g.grant().encryptedKey()),
                    Base64s.encode(g.record().encryptedData()), g.record().revision(), g.grant().editable(), null,
                    null, null, null));
        }
        return new SecretsManagerResponse(Base64s.encodeWebSafe(appData), null, null, null, out, 0L, null, null);
    }

    /** What the SDK's ResponseDecoder does per directly granted record. */
    private int decode(SecretsManagerResponse response) {
        int n = 0;
        for (ResponseRecord r : response.records()) {
            byte[] recordKey = Aes256Gcm.decrypt(appKey, Base64s.decode(r.recordKey()));
            byte[] json = Aes256Gcm.decrypt(recordKey, Base64s.decode(r.data()));
            n += RecordData.parse(json).title().length();
        }
        return n;
    }

    private static Step time(String side, String name, int reps, Supplier<?> work) {
        return time(side, name, reps, work, 1);
    }

    /** Times {@code work}, which does {@code per} operations, and reports the median per operation. */
    private static Step time(String side, String name, int reps, Supplier<?> work, int per) {
        Object sink = null;
        int warm = Math.max(50, reps / 2);
        for (int i = 0; i < warm; i++) {
            sink = work.get();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            sink = work.get();
            ms[i] = Stats.ms(System.nanoTime() - t0);
        }
        if (sink == null) {
            throw new IllegalStateException(name + " produced nothing");
        }
        Arrays.sort(ms);
        return new Step(side, name, ms[reps / 2] / per);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
