package io.hwnas.benchmarks;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Models exported per second on one thread: build the graph of a sampled architecture (shape inference and costs
 * included), draw its random weights and serialise the ONNX bytes. Cycles through 64 sampled architectures so the
 * figure is an average over the space, not one network.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ExportBenchmark -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ExportBenchmark {

    @Param({"nb201", "mbv3"})
    public String space;

    private SearchSpace searchSpace;
    private final List<Architecture> archs = new ArrayList<>();
    private final OnnxExporter exporter = OnnxExporter.defaults();
    private int next;

    @Setup
    public void setup() {
        searchSpace = SearchSpaces.builtIn().get(space);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 64; i++) {
            archs.add(searchSpace.sample(random));
        }
    }

    @Benchmark
    public byte[] export() {
        Architecture a = archs.get(next++ & 63);
        Graph g = searchSpace.buildGraph(a);
        return exporter.toBytes(g, Weights.random(g, 0));
    }

    @Benchmark
    public Graph buildGraphOnly() {
        return searchSpace.buildGraph(archs.get(next++ & 63));
    }
}
