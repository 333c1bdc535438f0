package io.hwnas.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.Json;
import io.hwnas.core.io.OneLine;
import io.hwnas.core.search.RunData;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.reports.search.PrunedFront;
import io.hwnas.training.data.DataSplit;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.oracle.TrainingService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A prune run's JSON read for a search's report, checked to be of the search's space, dataset and device. */
final class PruneRuns {

    /** Far above a prune run's few kilobytes. */
    private static final long MAX_BYTES = 4L << 20;

    private PruneRuns() {}

    /**
     * The prune run in {@code file} as a front beside {@code run}.
     *
     * @throws IllegalArgumentException naming the file, for JSON that is not a prune run or one of another space,
     *                                  dataset or device
     */
    static PrunedFront read(Path file, RunData run) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--prune " + file + ": no such file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException("--prune " + file + ": " + Files.size(file) + " bytes is not a prune "
                    + "run's JSON");
        }
        JsonNode j;
        try {
            j = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--prune " + file + ": not JSON (" + OneLine.of(e.getOriginalMessage())
                    + ")", e);
        }
        String space = text(file, j, "space");
        String device = text(file, j, "device");
        String dataset = text(file, j, "dataset");
        if (!space.equals(run.manifest().config().space())) {
            throw new IllegalArgumentException("--prune " + file + " pruned a " + space + " network; the search is "
                    + "of " + run.manifest().config().space());
        }
        List<String> devices = run.devices().stream().map(RunData.Device::id).toList();
        if (!devices.contains(device)) {
            throw new IllegalArgumentException("--prune " + file + " was measured on " + device + ", not a device "
                    + "of the search " + devices);
        }
        String searched = searchDataset(run);
        if (searched != null && !searched.equals(dataset)) {
            throw new IllegalArgumentException("--prune " + file + " trained on " + dataset + "; the search on "
                    + searched);
        }
        List<PrunedFront.Point> pruned = new ArrayList<>();
        JsonNode list = j.path("pruned");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("--prune " + file + ": no pruned networks (\"pruned\" is missing or "
                    + "empty)");
        }
        for (int i = 0; i < list.size(); i++) {
            pruned.add(point(file, list.get(i), "/pruned/" + i, list.get(i).path("ratio").asDouble(Double.NaN)));
        }
        String unit = j.has("training_tokens") ? "tokens" : "images";
        JsonNode seenNode = j.path("training_" + unit);
        if (!seenNode.canConvertToLong() || !seenNode.isIntegralNumber() || seenNode.asLong() < 0) {
            throw new IllegalArgumentException("--prune " + file + ": no training_images or training_tokens, the "
                    + "compute to set against the search's");
        }
        long seen = seenNode.asLong();
        return new PrunedFront(file.getFileName().toString(), device, point(file, j.path("parent"), "/parent", 1),
                pruned, seen, unit);
    }

    private static PrunedFront.Point point(Path file, JsonNode n, String where, double ratio) {
        if (!n.isObject() || !n.path("arch").isTextual() || !n.path("accuracy").isNumber()
                || !n.path("latency_ms").isNumber() || !(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("--prune " + file + ": " + where + " is not a network (arch, "
                    + "accuracy, latency_ms, ratio)");
        }
        return new PrunedFront.Point(n.get("arch").asText(), 100 * n.get("accuracy").asDouble(),
                n.get("latency_ms").asDouble(), ratio, n.path("fine_tune_steps").asInt(0));
    }

    private static String text(Path file, JsonNode j, String key) {
        if (!j.path(key).isTextual()) {
            throw new IllegalArgumentException("--prune " + file + ": no \"" + key + "\"; is it the JSON of "
                    + "./hwnas prune?");
        }
        return j.get(key).asText();
    }

    /** The dataset the search trained its candidates on, or null when its accuracy did not come from training. */
    private static String searchDataset(RunData run) {
        SearchConfig c = run.manifest().search();
        return c != null && c.accuracy() instanceof AccuracySource.Training t ? t.dataset() : null;
    }

    /**
     * The images the search's trainings saw together: each candidate evaluated (or failed) trained with the run's
     * budget; -1 when its accuracy did not come from training. Retrainings of the front for more epochs are left
     * out.
     */
    static long searchSeen(RunData run) {
        SearchConfig c = run.manifest().search();
        if (c == null || !(c.accuracy() instanceof AccuracySource.Training t)
                || !Datasets.NAMES.contains(t.dataset())) {
            return -1;
        }
        // The split's size does not depend on its seed.
        int train = DataSplit.of(Datasets.get(t.dataset()).size(), TrainingService.TRAIN_FRACTION,
                TrainingService.VALIDATION_FRACTION, 0).train().length;
        return DjlTrainer.imagesSeen(t.training(), train) * (run.candidates().size() + run.failed().size());
    }
}
