package io.hwnas.core.search;

import io.hwnas.core.io.OneLine;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a search's run directory, finished or killed, into {@link RunData}. The candidates and the history come
 * from the checkpoint (the state of the last whole generation); the front, feasibility and violations are computed
 * from them exactly as the search computes its own.
 */
public final class RunDirectory {

    private RunDirectory() {}

    /**
     * Loads {@code dir}. A directory that is not a search run, or a run killed before its first generation ended,
     * is refused with an {@link IllegalArgumentException} that says why.
     */
    public static RunData load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory (a search run directory was expected)");
        }
        Path manifestFile = dir.resolve(RunFiles.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException(dir + " is not a search run: it has no " + RunFiles.MANIFEST);
        }
        RunManifest manifest = RunManifest.read(manifestFile);
        if (!SearchRun.hasCheckpoint(dir)) {
            throw new IllegalArgumentException(dir + ": the search stopped before its first generation ended; there "
                    + "is nothing to report yet (no " + Checkpoint.FILE + ")");
        }
        Run run = run(manifestFile, manifest);
        Checkpoint cp = Checkpoint.read(dir);
        List<Candidate> candidates = cp.candidates(dir);
        RunState.check(dir, cp, candidates, run.space(), run.devices().stream().map(RunData.Device::id).toList(),
                run.graphMetrics(), run.objectives().size());
        List<SearchObjective> objectives = run.objectives();
        List<Constraint> constraints = run.constraints();
        CandidatePool pool = new CandidatePool(run.space(), null, List.of(), Set.of());
        pool.restore(candidates, List.of(), cp.failed());
        SearchProblem problem = new SearchProblem(run.space(), pool, objectives, constraints);
        Outcome o = Outcome.of(problem, candidates);
        List<Candidate> front = o.front().stream().map(pool::withAllGraphMetrics).toList();
        List<Candidate> violations = o.violations().stream().map(pool::withAllGraphMetrics).toList();
        double[] ideal = cp.ideal() != null ? cp.ideal() : new double[objectives.size()];
        double[] nadir = cp.nadir() != null ? cp.nadir() : new double[objectives.size()];
        return new RunData(dir, manifest, cp.finished(), objectives, constraints, run.devices(), pool.all(), front,
                o.feasible(), violations, o.predictedFeasibleMeasured(), cp.history(), ideal, nadir, cp.failed(),
                SpeedLog.read(dir));
    }

    /** What the manifest says of the run, each part checked: the space, the devices, objectives and budgets. */
    private record Run(SearchSpace space, List<RunData.Device> devices, List<SearchObjective> objectives,
            List<Constraint> constraints) {

        Set<Metric> graphMetrics() {
            Set<Metric> out = new LinkedHashSet<>();
            objectives.stream().map(SearchObjective::metric).filter(Metric::fromGraph).forEach(out::add);
            constraints.stream().map(c -> c.budget().metric()).filter(Metric::fromGraph).forEach(out::add);
            return out;
        }
    }

    private static Run run(Path file, RunManifest manifest) {
        if (manifest.config() == null || manifest.config().space() == null || manifest.devices().isEmpty()
                || manifest.objectives().isEmpty()) {
            throw new RunFileException(file, "incomplete: a search's manifest names its space (config/space), its "
                    + "devices and its objectives");
        }
        List<RunData.Device> devices = new ArrayList<>();
        for (RunManifest.Device d : manifest.devices()) {
            if (d == null || d.device() == null || d.kind() == null) {
                throw new RunFileException(file, "incomplete: a device without an id or a kind");
            }
            devices.add(new RunData.Device(d.device(), d.kind(), d.source()));
        }
        List<String> ids = devices.stream().map(RunData.Device::id).toList();
        List<SearchObjective> objectives = new ArrayList<>();
        List<Constraint> constraints = new ArrayList<>();
        try {
            for (RunManifest.Objective o : manifest.objectives()) {
                objectives.add(objective(o == null ? null : o.name(), ids));
            }
            for (String c : manifest.constraints()) {
                Budget b = Budget.parse(String.valueOf(c));
                if (b.device() != null && !ids.contains(b.device())) {
                    throw new IllegalArgumentException("budget " + c + " names a device the run does not have");
                }
                constraints.add(new Constraint(b, b.device()));
            }
        } catch (IllegalArgumentException e) {
            throw new RunFileException(file, OneLine.of(e.getMessage(), 200), e);
        }
        String spaceName = manifest.config().space();
        Optional<SearchSpace> space = SearchSpaces.discover(RunDirectory.class.getClassLoader()).find(spaceName);
        SearchSpace s = space.orElseThrow(() -> new RunFileException(file, "the run's space "
                + RunFileException.quote(spaceName) + " is not known to this hwnas (a plugin missing from the class "
                + "path?)"));
        RunManifest.Input input = manifest.input();
        if (input != null) {
            try {
                s = new BoundSpace(s, new GraphOptions(input.channels(), input.size(), input.classes()),
                        String.valueOf(input.label()), input.graph() == null ? "" : input.graph());
            } catch (IllegalArgumentException e) {
                throw new RunFileException(file, "input: " + OneLine.of(e.getMessage(), 200), e);
            }
        }
        return new Run(s, List.copyOf(devices), List.copyOf(objectives), List.copyOf(constraints));
    }

    private static SearchObjective objective(String key, List<String> devices) {
        if (key == null) {
            throw new IllegalArgumentException("an objective without a name");
        }
        if (key.startsWith("latency_ms[") && key.endsWith("]")) {
            String device = key.substring("latency_ms[".length(), key.length() - 1);
            if (!devices.contains(device)) {
                throw new IllegalArgumentException("objective " + key + " names a device the run does not have");
            }
            return SearchObjective.latency(device);
        }
        return SearchObjective.of(Metric.parse(key));
    }
}
