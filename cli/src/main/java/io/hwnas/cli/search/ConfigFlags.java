package io.hwnas.cli.search;

import java.util.Map;

/**
 * The option of {@code search} behind each field of a configuration, to name what differs when a run is resumed
 * with other options ("--seed was 2 there and is 5 now").
 */
final class ConfigFlags {

    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("space", "--space"), Map.entry("graph", "--graph"), Map.entry("accuracy", "--accuracy"),
            Map.entry("accuracy.kind", "--accuracy"), Map.entry("accuracy.oracle", "--accuracy"),
            Map.entry("accuracy.law", "--accuracy"), Map.entry("accuracy.dataset", "--accuracy"),
            Map.entry("accuracy.file", "--accuracy-table"), Map.entry("accuracy.column", "--accuracy-column"),
            Map.entry("accuracy.arch_column", "--arch-column"), Map.entry("accuracy.tokens", "--tokens"),
            Map.entry("accuracy.tokens_per_param", "--tokens-per-param"),
            Map.entry("accuracy.final_epochs", "--final-epochs"), Map.entry("exit_shares", "--exit-shares"),
            Map.entry("latency", "the devices (--device, --latency, --predictor-model, --latency-table, "
                    + "--latency-column)"),
            Map.entry("objectives", "--objective"), Map.entry("budgets", "--budget"),
            Map.entry("no_budget", "--no-budget"), Map.entry("algorithm", "--algorithm"),
            Map.entry("evaluations", "--evaluations"), Map.entry("population", "--population"),
            Map.entry("regevo_sample", "--regevo-sample"), Map.entry("seed", "--seed"),
            Map.entry("measuring.predictor", "--predictor"), Map.entry("measuring.warmup_samples", "--warmup-samples"),
            Map.entry("measuring.measure_per_generation", "--measure-per-generation"),
            Map.entry("measuring.plan.warmup", "--warmup"), Map.entry("measuring.plan.min_runs", "--min-runs"),
            Map.entry("measuring.plan.max_runs", "--max-runs"),
            Map.entry("measuring.plan.target_error", "--target-error"),
            Map.entry("measuring.plan.max_time_s", "--max-time"),
            Map.entry("measuring.weights_seed", "--weights-seed"),
            Map.entry("measuring.spec_reference", "--spec-reference"),
            Map.entry("measuring.device_dirs", "--device-dir"), Map.entry("measuring.drift_control", "--drift-control"),
            Map.entry("accuracy.training.epochs", "--epochs"), Map.entry("accuracy.training.steps", "--steps"),
            Map.entry("accuracy.training.batch_size", "--batch-size"),
            Map.entry("accuracy.training.optimizer", "--optimizer"),
            Map.entry("accuracy.training.learning_rate", "--lr"),
            Map.entry("accuracy.training.momentum", "--momentum"),
            Map.entry("accuracy.training.weight_decay", "--weight-decay"),
            Map.entry("accuracy.training.schedule", "--schedule"),
            Map.entry("accuracy.training.warmup_steps", "--warmup-steps"),
            Map.entry("accuracy.training.patience", "--patience"),
            Map.entry("accuracy.training.train_limit", "--train-limit"),
            Map.entry("accuracy.training.clip_norm", "--clip-norm"));

    private ConfigFlags() {}

    /** The option behind the configuration field at {@code path}, or the path itself when none is. */
    static String name(String path) {
        return FLAGS.getOrDefault(path, path);
    }
}
