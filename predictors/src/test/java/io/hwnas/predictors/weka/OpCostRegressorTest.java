package io.hwnas.predictors.weka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.PredictorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

class OpCostRegressorTest {

    private static final WekaProvider PROVIDER = new WekaProvider();

    /** Rows {@code rt.a, rt.b, other, ln(latency)} of a latency that is exactly {@code 0.1 + 0.3 a + 0.05 b}. */
    private static Instances additive(int rows, long seed) {
        ArrayList<Attribute> atts = new ArrayList<>(List.of(new Attribute("rt.a"), new Attribute("rt.b"),
                new Attribute("other"), new Attribute(WekaTrainer.TARGET)));
        Instances data = new Instances("t", atts, rows);
        data.setClassIndex(3);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) {
            double a = rnd.nextInt(4);
            double b = rnd.nextInt(6);
            data.add(new DenseInstance(1, new double[] {a, b, rnd.nextDouble(), Math.log(0.1 + 0.3 * a + 0.05 * b)}));
        }
        return data;
    }

    @Test
    void fitsAnExactSumOfOpCostsFromFewRows() throws Exception {
        OpCostRegressor r = (OpCostRegressor) WekaRegressors.create(WekaRegressorSpec.parse(
                "io.hwnas.predictors.weka.OpCostRegressor -W weka.classifiers.rules.ZeroR"), 1);
        r.buildClassifier(additive(12, 1));
        Instances unseen = additive(50, 2);
        for (int i = 0; i < unseen.numInstances(); i++) {
            double want = Math.exp(unseen.instance(i).classValue());
            double got = Math.exp(r.classifyInstance(unseen.instance(i)));
            assertEquals(want, got, 1e-3 * want, "row " + i);
        }
    }

    @Test
    void withoutPrefixedFeaturesItPredictsWhatItsBaseDoes() {
        // mbv3's features have no rt.* counts: the default must keep giving what M5P -M 10 gave there.
        SearchSpace mbv3 = SearchSpaces.builtIn().get("mbv3");
        SplittableRandom rnd = new SplittableRandom(3);
        List<LatencyRecord> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Architecture a = mbv3.sample(rnd);
            rows.add(new LatencyRecord(a, 1 + a.genes()[0] + 0.5 * a.genes()[1] + rnd.nextDouble()));
        }
        LatencyDataset d = new LatencyDataset("mbv3", "synthetic", "test", rows, 0);
        PredictorContext ctx = PredictorContext.of(mbv3, 7, HwnasHome.fromEnvironment().dir());
        WekaPredictor opCost = PROVIDER.trainer("", ctx).train(d);
        WekaPredictor m5p = PROVIDER.trainer(WekaRegressorSpec.M5P.text(), ctx).train(d);
        double[] a = new double[20];
        double[] b = new double[20];
        for (int i = 0; i < a.length; i++) {
            Architecture x = mbv3.sample(rnd);
            a[i] = opCost.predict(x).latencyMs();
            b[i] = m5p.predict(x).latencyMs();
        }
        assertArrayEquals(b, a, 1e-9 * b[0]);
    }

    @Test
    void optionsReadBackAndBadRidgeIsRefused() throws Exception {
        OpCostRegressor r = new OpCostRegressor();
        r.setOptions(new String[] {"-P", "live.", "-R", "0.01", "-W", "weka.classifiers.trees.M5P", "--", "-M", "4"});
        String[] o = r.getOptions();
        OpCostRegressor back = new OpCostRegressor();
        back.setOptions(o.clone());
        assertArrayEquals(o, back.getOptions());
        assertTrue(String.join(" ", o).contains("-P live. -R 0.01"), String.join(" ", o));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WekaRegressors.create(WekaRegressorSpec.parse(
                        "io.hwnas.predictors.weka.OpCostRegressor -R -1"), 1));
        assertTrue(e.getMessage().contains("-R"), e.getMessage());
    }
}
