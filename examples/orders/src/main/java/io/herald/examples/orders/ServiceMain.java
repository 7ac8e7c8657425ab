package io.herald.examples.orders;

import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * What each service's {@code main} does: read the settings from the arguments, create the topics if missing, start
 * the service, print one line saying where it runs, and run until the process is stopped (SIGTERM or Ctrl-C close it).
 */
public final class ServiceMain {
    private ServiceMain() {}

    /** Starts a service from its settings. */
    @FunctionalInterface
    public interface Starter<S extends AutoCloseable> {
        /** The started service. */
        S start(ServiceSettings settings) throws Exception;
    }

    /** Runs the service {@code starter} starts until the process is stopped; {@code ready} is its start line. */
    public static <S extends AutoCloseable> void run(String[] args, Starter<S> starter, Function<S, String> ready)
            throws Exception {
        ServiceSettings settings = ServiceSettings.fromArgs(args);
        Topics.createMissing(settings.bootstrapServers(), 3);
        S service = starter.start(settings);
        System.out.println(ready.apply(service));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("closing failed: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }
}
