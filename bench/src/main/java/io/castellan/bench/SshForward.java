package io.castellan.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer of the tunnel benchmark: {@code ssh -N -L} through the test OpenSSH on 127.0.0.1:2222 (scripts/test-env)
 * with {@code aes256-gcm@openssh.com}, as a throwaway Linux account that logs in with a key made here. Needs root
 * (useradd), as the SSH tests do; the account is removed on close.
 */
final class SshForward implements AutoCloseable {

    static final String CIPHER = "aes256-gcm@openssh.com";
    private static final int SSHD_PORT = 2222;

    private final String account;
    private final Process ssh;
    private final int port;

    private SshForward(String account, Process ssh, int port) {
        this.account = account;
        this.ssh = ssh;
        this.port = port;
    }

    /** Forwards a free local port to 127.0.0.1:{@code targetPort}, ready when this returns. */
    static SshForward start(Path dir, int targetPort) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the ssh -L peer makes a Linux account (useradd): run as root");
        }
        String account = "cbench" + Long.toHexString(System.nanoTime() & 0xffffff);
        run(null, "useradd", "-m", "-s", "/bin/bash", account);
        // a random password nobody knows, so the account is not locked (sshd with UsePAM refuses locked accounts)
        run(account + ":" + java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16)) + "\n",
                "chpasswd");
        Path key = dir.resolve("ssh-bench-key");
        Files.deleteIfExists(key);
        Files.deleteIfExists(Path.of(key + ".pub"));
        run(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        run(null, "bash", "-c", "install -d -m 700 -o " + account + " -g " + account + " ~" + account + "/.ssh"
                + " && install -m 600 -o " + account + " -g " + account + " " + key + ".pub ~" + account
                + "/.ssh/authorized_keys");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process ssh = new ProcessBuilder(List.of("ssh", "-N", "-p", Integer.toString(SSHD_PORT), "-c", CIPHER,
                "-i", key.toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ExitOnForwardFailure=yes",
                "-o", "LogLevel=ERROR", "-L", "127.0.0.1:" + port + ":127.0.0.1:" + targetPort,
                account + "@127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ssh.out").toFile()).start();
        SshForward forward = new SshForward(account, ssh, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!listening(port)) {
            if (!ssh.isAlive() || System.nanoTime() > deadline) {
                forward.close();
                throw new IllegalStateException("ssh -L did not start: " + Files.readString(dir.resolve("ssh.out")));
            }
            Thread.sleep(100);
        }
        return forward;
    }

    int port() {
        return port;
    }

    /** The {@code ssh} client and the sshd session processes (they run as the throwaway account), for CPU figures. */
    BulkCpu.Part[] processes() {
        return new BulkCpu.Part[] {new BulkCpu.Part("ssh", () -> List.of(ssh.pid())),
            new BulkCpu.Part("sshd", () -> BulkCpu.processesOf(account))};
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + out.strip());
        }
    }

    @Override
    public void close() throws InterruptedException {
        ssh.destroy();
        if (!ssh.waitFor(10, TimeUnit.SECONDS)) {
            ssh.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            run(null, "bash", "-c", "pkill -u " + account + " || true; userdel -r -f " + account
                    + " 2>/dev/null || true");
        } catch (IOException | IllegalStateException e) {
            System.err.println("bench: could not remove the account " + account + ": " + e.getMessage());
        }
    }
}
