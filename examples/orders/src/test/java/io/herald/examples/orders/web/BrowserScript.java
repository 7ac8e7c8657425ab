package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One script of {@code src/test/browser}, run with node against a page: Debian's Chromium ({@code /usr/bin/chromium})
 * driven by Playwright ({@code playwright-core}, pinned in that folder's {@code package-lock.json}). node, chromium and
 * the folder's {@code node_modules} must be installed ({@code .ci/run} does all three); if not, the test fails.
 */
final class BrowserScript {
    private static final long NODE_TIMEOUT_SECONDS = 120;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Path folder;
    private final Path reports;

    private BrowserScript(Path folder, Path reports) {
        this.folder = folder;
        this.reports = reports;
    }

    /** Checks that the browser and the script's dependencies are installed; screenshots go to the failsafe reports. */
    static BrowserScript installed() throws IOException {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path folder = basedir.resolve("src/test/browser");
        if (!Files.isDirectory(folder.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is not installed in %s: run .ci/run, or `npm ci` in that folder", folder);
        }
        if (!Files.isExecutable(CHROMIUM)) {
            fail("%s is missing: run .ci/run, or `apt-get install -y chromium`", CHROMIUM);
        }
        return new BrowserScript(folder, Files.createDirectories(basedir.resolve("target/failsafe-reports")));
    }

    /** Where the scripts save their screenshots. */
    Path reports() {
        return reports;
    }

    /** Runs {@code name} against the page at {@code pageUrl}; its {@code key=value} lines, or a failure with its output. */
    Map<String, String> run(String name, String pageUrl) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("node", name).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().put("HERALD_PAGE_URL", pageUrl);
        builder.environment().put("SCREENSHOT_DIR", reports.toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish within %d s:%n%s", name, NODE_TIMEOUT_SECONDS, output);
        }
        if (process.exitValue() != 0) {
            fail("%s exited with %d:%n%s", name, process.exitValue(), output);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
            }
        }
        return values;
    }
}
