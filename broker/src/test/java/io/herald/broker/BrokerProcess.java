package io.herald.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child JVM, for tests that must kill it the hard way ({@code kill -9}): {@link #main} starts a {@link
 * Broker} (3 partitions per auto-created topic) on the given data directory and port and prints {@code READY <port>}; {@link #start} launches it with the
 * test's class path and waits for that line.
 */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static void main(String[] args) throws InterruptedException {
        Broker broker = Broker.start(BrokerConfig.fromProperties(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:" + args[1], "num.partitions", "3"))
                .withDataDir(Path.of(args[0])));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("READY " + broker.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts a broker process on {@code dataDir} and {@code port} (0 = any free port) and waits until it serves. */
    static BrokerProcess start(Path dataDir, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerProcess.class.getName(),
                        dataDir.toString(),
                        Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) return new BrokerProcess(process, Integer.parseInt(line.substring(6)));
        }
        process.destroyForcibly();
        throw new IOException("the broker process exited with " + waitFor(process) + " before it was ready");
    }

    private static int waitFor(Process process) {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            return process.exitValue();
        } catch (InterruptedException | IllegalThreadStateException e) {
            return -1;
        }
    }

    int port() {
        return port;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
