package io.herald.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGINT and SIGTERM as a {@link StopSignal}. A signal handler, not a JVM shutdown hook, receives them: the JVM exits
 * with 128 + the signal number after its hooks, so a clean stop could never exit 0 from a hook alone. The command
 * that waits for the stop does its own clean shutdown and returns 0; the server still registers a shutdown hook for
 * every other way the JVM may end.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}, exported for exactly this) is reached reflectively:
 * javac warns about every direct use of it and offers no way to silence that, and the build keeps {@code -Xlint:all}
 * clean. When the handlers cannot be installed (a JVM run with {@code -Xrs}), the command is stopped by the JVM's
 * shutdown instead, and exits 128 + the signal number.
 *
 * <p>Thread-safety: the action runs at most once per {@link #onStop} call, on the JVM's signal dispatch thread.
 */
final class OsSignals implements StopSignal {
    private static final Logger log = LoggerFactory.getLogger(OsSignals.class);
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    @Override
    public void onStop(Runnable action) {
        AtomicBoolean fired = new AtomicBoolean();
        Runnable once = () -> {
            if (fired.compareAndSet(false, true)) action.run();
        };
        for (String name : SIGNALS) {
            try {
                install(name, once);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("cannot handle SIG{}; the JVM's shutdown will stop the command instead", name, e);
            }
        }
    }

    private static void install(String name, Runnable action) throws ReflectiveOperationException {
        Class<?> signalClass = Class.forName("sun.misc.Signal");
        Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
                action.run();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "herald SIG" + name + " handler";
        };
        Object handler =
                Proxy.newProxyInstance(OsSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
        signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
    }
}
