package io.herald.server;

import io.herald.cep.host.CepProperties;
import io.herald.cep.host.HostedRules;
import io.herald.cep.host.RestartBackoff;
import io.herald.cep.plan.InvalidRuleException;
import io.herald.cep.plan.Rule;
import io.herald.cep.runner.RuleRunner;
import io.herald.cep.runner.RunnerSettings;
import io.herald.cep.text.RuleSyntaxException;
import io.herald.cep.text.RuleText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald cep}: runs CEP rules from files against any Kafka cluster, one {@link RuleRunner} (and thread) per
 * rule, prints one ready line, and runs until SIGINT or SIGTERM, then prints {@code herald: stopped} and returns 0.
 * A rule that fails stops them all, with one line naming the rule and the cause (exit 1).
 *
 * <p>Thread-safety: runs on the calling thread, which it blocks until the stop.
 */
@Command(
        name = "cep",
        mixinStandardHelpOptions = true,
        description = {
            "Runs CEP rules (docs/cep.md) against a Kafka cluster: reads each rule's input topics in the consumer"
                    + " group herald-cep.<rule>.v<version>, writes its outputs as CloudEvents to its INTO topic,"
                    + " <rule>.late and <rule>.overflow; stops on Ctrl-C or SIGTERM.",
            "Several instances with the same rules share the input partitions. Delivery is at least once with"
                    + " deterministic ids (ce_id).",
            "",
            "CEP properties, each layer overriding the one before: defaults < --config file < HERALD_CEP_*"
                    + " environment (HERALD_CEP_CHECKPOINT_INTERVAL_MS=5000 is cep.checkpoint.interval.ms=5000)"
                    + " < --set.",
            ""
        })
final class CepCommand implements Callable<Integer> {

    private final CommandEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "The Kafka cluster holding the rules' topics (default: 127.0.0.1:9092; env"
                    + " HERALD_BOOTSTRAP_SERVER).")
    private String bootstrapServer;

    @Option(
            names = "--rule",
            paramLabel = "FILE",
            arity = "1..*",
            description = "A file holding one rule (CREATE RULE ... INTO topic); repeat or list several. Without"
                    + " --rule, hosts the rules deployed in the cluster's _herald_rules topic.")
    private List<Path> ruleFiles;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A Kafka-style .properties file; its cep.* properties are read, the others ignored, so"
                    + " herald server's file will do (env HERALD_CONFIG).")
    private Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A CEP property: cep.checkpoint.topic (default _herald_cep_checkpoints),"
                    + " cep.checkpoint.interval.ms (10000; 0 turns checkpoints off), cep.restart.backoff.initial.ms"
                    + " (1000), cep.restart.backoff.max.ms (60000); repeatable; env HERALD_CEP_CHECKPOINT_TOPIC...")
    private Map<String, String> set;

    CepCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = bootstrapServer != null
                ? bootstrapServer
                : environment.variables().getOrDefault("HERALD_BOOTSTRAP_SERVER", "127.0.0.1:9092");
        PrintWriter out = spec.commandLine().getOut();
        CepProperties properties;
        try {
            properties = CepCommandProperties.resolve(config, set, environment.variables());
        } catch (ServerConfig.InvalidSettingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RunnerSettings settings = properties.applyTo(RunnerSettings.of(bootstrap));
        if (ruleFiles == null || ruleFiles.isEmpty()) {
            return hostRulesTopic(settings, properties.restartBackoff(), out);
        }
        List<Rule> rules = readRules();
        List<RuleRunner> runners = new ArrayList<>();
        try {
            for (Rule rule : rules) {
                runners.add(RuleRunner.start(rule, settings));
            }
        } catch (IllegalStateException e) {
            runners.forEach(RuleRunner::close);
            throw new CommandFailedException(e.getMessage());
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        environment.stop().onStop(stopRequested::countDown);
        runners.forEach(r -> r.done().whenComplete((ok, failure) -> stopRequested.countDown()));
        out.printf(
                "herald: cep running %d rule%s against %s: %s%n",
                rules.size(),
                rules.size() == 1 ? "" : "s",
                bootstrap,
                rules.stream()
                        .map(r -> r.name() + " v" + r.version() + " ("
                                + String.join(",", r.source().topics()) + " -> " + r.into() + ")")
                        .collect(Collectors.joining(", ")));
        out.flush();
        stopRequested.await();
        runners.forEach(RuleRunner::close);
        for (RuleRunner runner : runners) {
            if (runner.done().isCompletedExceptionally()) {
                Throwable cause = runner.done().exceptionNow();
                String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                throw new CommandFailedException("rule " + runner.rule().name() + " stopped: " + reason);
            }
        }
        out.println("herald: stopped");
        out.flush();
        return 0;
    }

    /**
     * Hosts the rules of the cluster's rules topic until the stop signal: every running rule gets a runner here,
     * sharing its partitions with the other hosts of the topic through the rule version's consumer group.
     */
    private int hostRulesTopic(RunnerSettings settings, RestartBackoff backoff, PrintWriter out)
            throws InterruptedException {
        String bootstrap = settings.bootstrapServers();
        HostedRules hosted;
        try {
            hosted = HostedRules.start(settings, environment.clock(), backoff);
        } catch (IllegalStateException e) {
            throw new CommandFailedException(e.getMessage());
        }
        try {
            CountDownLatch stopRequested = new CountDownLatch(1);
            environment.stop().onStop(stopRequested::countDown);
            out.printf(
                    "herald: cep hosting the rules of topic %s on %s (%d rule%s deployed)%n",
                    HostedRules.TOPIC,
                    bootstrap,
                    hosted.list().size(),
                    hosted.list().size() == 1 ? "" : "s");
            out.flush();
            stopRequested.await();
        } finally {
            hosted.close();
        }
        out.println("herald: stopped");
        out.flush();
        return 0;
    }

    private List<Rule> readRules() {
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : ruleFiles) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new ParameterException(
                        spec.commandLine(), "cannot read rule file " + file + " (" + e + "); check the path");
            }
            Rule rule;
            try {
                rule = RuleText.parse(text);
            } catch (RuleSyntaxException | InvalidRuleException e) {
                throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
            }
            if (!names.add(rule.name())) {
                throw new ParameterException(
                        spec.commandLine(),
                        "two rule files define rule " + rule.name() + "; give each rule its own name");
            }
            rules.add(rule);
        }
        return rules;
    }
}
