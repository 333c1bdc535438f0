package io.hwnas.core.search;

import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        Checkpoint cp = Checkpoint.read(dir);
        List<Candidate> candidates = cp.candidates(dir);
        List<SearchObjective> objectives = manifest.objectives().stream().map(o -> objective(o.name())).toList();
        List<Constraint> constraints = new ArrayList<>();
        for (String c : manifest.constraints()) {
            Budget b = Budget.parse(c);
            constraints.add(new Constraint(b, b.device()));
        }
        List<RunData.Device> devices = manifest.devices().stream().map(d -> new RunData.Device(d.device(), d.kind(),
                d.source())).toList();
        String spaceName = manifest.config().space();
        Optional<SearchSpace> space = SearchSpaces.discover(RunDirectory.class.getClassLoader()).find(spaceName);
        SearchSpace s = space.orElseThrow(() -> new IllegalArgumentException(dir + ": the run's space '" + spaceName
                + "' is not known to this hwnas (a plugin missing from the class path?)"));
        RunManifest.Input input = manifest.input();
        if (input != null) {
            s = new BoundSpace(s, new GraphOptions(input.channels(), input.size(), input.classes()), input.label(),
                    input.graph() == null ? "" : input.graph());
        }
        CandidatePool pool = new CandidatePool(s, null, List.of(), Set.of());
        pool.restore(candidates, List.of(), cp.failed());
        SearchProblem problem = new SearchProblem(s, pool, objectives, constraints);
        Outcome o = Outcome.of(problem, candidates);
        List<Candidate> front = o.front().stream().map(pool::withAllGraphMetrics).toList();
        List<Candidate> violations = o.violations().stream().map(pool::withAllGraphMetrics).toList();
        double[] ideal = cp.ideal() != null ? cp.ideal() : new double[objectives.size()];
        double[] nadir = cp.nadir() != null ? cp.nadir() : new double[objectives.size()];
        return new RunData(dir, manifest, cp.finished(), objectives, constraints, devices, pool.all(), front,
                o.feasible(), violations, o.predictedFeasibleMeasured(), cp.history(), ideal, nadir, cp.failed(), SpeedLog.read(dir));
    }

    private static SearchObjective objective(String key) {
        if (key.startsWith("latency_ms[") && key.endsWith("]")) {
            return SearchObjective.latency(key.substring("latency_ms[".length(), key.length() - 1));
        }
        return SearchObjective.of(Metric.parse(key));
    }
}
