package io.hwnas.benchmarks;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
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
 * Predictions per second on one thread, for architectures the predictor has seen before (features memoised, as in a
 * search that revisits its population). Trained on 3,000 rows of the NAS-Bench-201 sample table's Xeon column; cycles
 * through 4,096 architectures.
 *
 * <p>{@code java -Dhwnas.table=data/nas-bench-201/nb201_latency_sample_devices.csv.gz
 * -jar benchmarks/target/benchmarks.jar PredictBenchmark -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Threads(1)
public class PredictBenchmark {

    @Param({"flops", "roofline:peak=100,bw=20", "lut", "weka"})
    public String predictor;

    private LatencyPredictor trained;
    private List<Architecture> archs;
    private int next;

    @Setup
    public void setup() throws Exception {
        Path table = Path.of(System.getProperty("hwnas.table",
                "data/nas-bench-201/nb201_latency_sample_devices.csv.gz"));
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        LatencyTable t = LatencyTable.read(table, nb201, "arch_str");
        LatencyDataset all = t.dataset("silver_4114_ms");
        LatencyDataset train = all.split(3000.0 / all.size(), 1).train();
        PredictorRegistry registry = PredictorRegistry.discover(PredictBenchmark.class.getClassLoader());
        Path home = Files.createTempDirectory("hwnas-bench");
        PredictorContext ctx = new PredictorContext(nb201, 1, home, OptionalDouble.empty(), OptionalDouble.empty());
        trained = registry.trainer(predictor, ctx).train(train);
        archs = t.architectures().subList(0, 4096);
        for (Architecture a : archs) {
            trained.predict(a); // memoise features, as a search does for its population
        }
    }

    @Benchmark
    public Prediction predict() {
        return trained.predict(archs.get(next++ & 4095));
    }
}
