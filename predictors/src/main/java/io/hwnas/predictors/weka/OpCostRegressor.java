package io.hwnas.predictors.weka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Vector;
import weka.classifiers.Classifier;
import weka.classifiers.SingleClassifierEnhancer;
import weka.core.Attribute;
import weka.core.Capabilities;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Option;
import weka.core.Randomizable;
import weka.core.Utils;

/**
 * A latency as a sum of per-operation costs, then a Weka regressor for what the sum misses. For a class that is
 * {@code ln(latency)}, as {@link WekaTrainer} trains:
 * <ol>
 *   <li>a linear model of the latency itself ({@code exp} of the class) on the attributes whose names start with
 *       {@code -P} (default {@code rt.}, counts of what the runtime runs), fitted by least squares with weights
 *       {@code 1/latency²}, i.e. on relative error, with a small ridge ({@code -R}, relative to the data's scale);</li>
 *   <li>the base regressor ({@code -W}, default M5P {@code -M 10}) on every attribute, learning the log residual
 *       {@code ln(latency) - ln(sum)}; the prediction is {@code ln(sum)} plus its output.</li>
 * </ol>
 * A latency is close to a sum over the operations run, which a few rows fit (20 measurements give the per-op costs of
 * a cell space well), while a tree in log space needs hundreds of rows to approximate a sum; the tree is left the
 * interactions (cache, a small tensor's fixed overhead) that the sum cannot express. With no attribute of the prefix,
 * the sum is a constant and the model is the base regressor shifted, which predicts what the base alone does.
 *
 * <pre>{@code
 * --predictor weka:io.hwnas.predictors.weka.OpCostRegressor -P rt. -W weka.classifiers.trees.M5P -- -M 10
 * }</pre>
 */
public final class OpCostRegressor extends SingleClassifierEnhancer implements Randomizable {

    private static final long serialVersionUID = 1L;

    private String prefix = "rt.";
    private double ridge = 1e-6;
    private int seed = 1;

    private int[] sumAttributes;
    private double[] coefficients; // intercept first
    private double floorMs;

    public OpCostRegressor() {
        m_Classifier = defaultBase();
    }

    private static Classifier defaultBase() {
        weka.classifiers.trees.M5P m5p = new weka.classifiers.trees.M5P();
        m5p.setMinNumInstances(10);
        return m5p;
    }

    @Override
    protected String defaultClassifierString() {
        return "weka.classifiers.trees.M5P";
    }

    @Override
    protected String[] defaultClassifierOptions() {
        return new String[] {"-M", "10"};
    }

    public String globalInfo() {
        return "A linear model of exp(class) on the attributes named with a prefix, fitted on relative error, then "
                + "the base classifier on the log residual.";
    }

    @Override
    public Enumeration<Option> listOptions() {
        Vector<Option> v = new Vector<>();
        v.add(new Option("\tPrefix of the attributes the sum is made of (default rt.)", "P", 1, "-P <prefix>"));
        v.add(new Option("\tRidge of the sum, relative to the data's scale (default 1e-6)", "R", 1, "-R <ridge>"));
        v.add(new Option("\tSeed handed to a randomizable base classifier (default 1)", "S", 1, "-S <seed>"));
        v.addAll(Collections.list(super.listOptions()));
        return v.elements();
    }

    @Override
    public void setOptions(String[] options) throws Exception {
        String p = Utils.getOption('P', options);
        prefix = p.isEmpty() ? "rt." : p;
        String r = Utils.getOption('R', options);
        ridge = r.isEmpty() ? 1e-6 : Double.parseDouble(r);
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("-R must be >= 0, but was " + r);
        }
        String s = Utils.getOption('S', options);
        seed = s.isEmpty() ? 1 : Integer.parseInt(s);
        super.setOptions(options);
    }

    @Override
    public String[] getOptions() {
        List<String> o = new ArrayList<>(List.of("-P", prefix, "-R", Double.toString(ridge), "-S",
                Integer.toString(seed)));
        Collections.addAll(o, super.getOptions());
        return o.toArray(String[]::new);
    }

    @Override
    public void setSeed(int seed) {
        this.seed = seed;
    }

    @Override
    public int getSeed() {
        return seed;
    }

    @Override
    public Capabilities getCapabilities() {
        Capabilities c = super.getCapabilities();
        c.disableAllClasses();
        c.disableAllClassDependencies();
        c.enable(Capabilities.Capability.NUMERIC_CLASS);
        c.enable(Capabilities.Capability.MISSING_CLASS_VALUES);
        return c;
    }

    @Override
    public void buildClassifier(Instances data) throws Exception {
        getCapabilities().testWithFail(data);
        Instances train = new Instances(data);
        train.deleteWithMissingClass();
        List<Integer> picked = new ArrayList<>();
        for (int a = 0; a < train.numAttributes(); a++) {
            Attribute att = train.attribute(a);
            if (a != train.classIndex() && att.isNumeric() && att.name().startsWith(prefix)) {
                picked.add(a);
            }
        }
        sumAttributes = picked.stream().mapToInt(Integer::intValue).toArray();
        int n = train.numInstances();
        double[][] x = new double[n][];
        double[] y = new double[n];
        floorMs = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            x[i] = row(train.instance(i));
            y[i] = Math.exp(train.instance(i).classValue());
            floorMs = Math.min(floorMs, y[i] / 2);
        }
        coefficients = WeightedRidge.fit(x, y, ridge);
        for (int i = 0; i < n; i++) {
            Instance inst = train.instance(i);
            inst.setClassValue(inst.classValue() - Math.log(sum(x[i])));
        }
        if (m_Classifier instanceof Randomizable r) {
            r.setSeed(seed);
        }
        m_Classifier.buildClassifier(train);
    }

    @Override
    public double classifyInstance(Instance instance) throws Exception {
        return Math.log(sum(row(instance))) + m_Classifier.classifyInstance(instance);
    }

    private double[] row(Instance inst) {
        double[] r = new double[sumAttributes.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = inst.value(sumAttributes[j]);
        }
        return r;
    }

    /** The sum's latency, kept above half the fastest training latency so that its log stays finite. */
    private double sum(double[] r) {
        double s = coefficients[0];
        for (int j = 0; j < r.length; j++) {
            s += coefficients[j + 1] * r[j];
        }
        return Math.max(s, floorMs);
    }

    @Override
    public String toString() {
        if (coefficients == null) {
            return "OpCostRegressor: not built";
        }
        return "OpCostRegressor: sum of " + sumAttributes.length + " '" + prefix + "' attributes, then\n"
                + m_Classifier;
    }
}
