package io.hwnas.predictors.weka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.classifiers.functions.GaussianProcesses;
import weka.classifiers.functions.SMOreg;
import weka.classifiers.functions.supportVector.Kernel;
import weka.core.Capabilities;
import weka.core.OptionHandler;
import weka.core.Randomizable;

/** Makes an untrained Weka regressor from a {@link WekaRegressorSpec}, checking it at the API edge. */
final class WekaRegressors {

    private WekaRegressors() {}

    /**
     * A new regressor. Its seed is {@code seed} (folded to an int) when it is {@link Randomizable} and the options do
     * not give {@code -S} themselves.
     *
     * @throws IllegalArgumentException naming the class for an unknown class, one that is not a classifier or cannot
     *                                  predict numbers, and naming the option Weka refused
     */
    static Classifier create(WekaRegressorSpec spec, long seed) {
        Class<?> type = load(spec.classifier(), Classifier.class, "classifier");
        List<String> options = new ArrayList<>(spec.options());
        Kernel kernel = null;
        boolean takesKernel = GaussianProcesses.class.isAssignableFrom(type) || SMOreg.class.isAssignableFrom(type);
        int k = options.indexOf("-K");
        if (takesKernel && k >= 0) {
            if (k + 1 >= options.size()) {
                throw new IllegalArgumentException("weka options '" + spec.text() + "': -K needs a kernel, e.g. "
                        + "\"weka.classifiers.functions.supportVector.RBFKernel -G 0.01\"");
            }
            kernel = kernel(options.get(k + 1), spec);
            options.remove(k + 1);
            options.remove(k);
        }
        Classifier c;
        try {
            c = AbstractClassifier.forName(spec.classifier(), options.toArray(String[]::new));
        } catch (Exception e) {
            throw new IllegalArgumentException("weka options for " + spec.classifier() + " '" + String.join(" ",
                    spec.options()) + "': " + e.getMessage(), e);
        }
        if (kernel != null) {
            if (c instanceof GaussianProcesses gp) {
                gp.setKernel(kernel);
            } else {
                ((SMOreg) c).setKernel(kernel);
            }
        }
        Capabilities caps = c.getCapabilities();
        if (!caps.handles(Capabilities.Capability.NUMERIC_CLASS)) {
            throw new IllegalArgumentException("weka classifier " + spec.classifier()
                    + " cannot predict numbers (it has no numeric-class capability); try weka.classifiers.trees.M5P");
        }
        if (c instanceof Randomizable r && !spec.options().contains("-S")) {
            r.setSeed(Long.hashCode(seed));
        }
        return c;
    }

    private static Kernel kernel(String text, WekaRegressorSpec spec) {
        String[] tokens;
        try {
            tokens = weka.core.Utils.splitOptions(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("weka kernel '" + text + "' in '" + spec.text() + "': " + e.getMessage(),
                    e);
        }
        if (tokens.length == 0) {
            throw new IllegalArgumentException("weka kernel in '" + spec.text() + "' is empty");
        }
        Class<?> type = load(tokens[0], Kernel.class, "kernel");
        try {
            Kernel kernel = (Kernel) type.getDeclaredConstructor().newInstance();
            String[] rest = Arrays.copyOfRange(tokens, 1, tokens.length);
            ((OptionHandler) kernel).setOptions(rest);
            weka.core.Utils.checkForRemainingOptions(rest);
            return kernel;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("weka kernel " + tokens[0] + " cannot be made: " + e, e);
        } catch (Exception e) {
            throw new IllegalArgumentException("weka kernel options '" + text + "': " + e.getMessage(), e);
        }
    }

    private static Class<?> load(String name, Class<?> expected, String what) {
        Class<?> type;
        try {
            type = Class.forName(name, false, WekaRegressors.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("No Weka " + what + " class '" + name + "' on the class path"
                    + (name.contains(".") ? "" : "; give the full name, e.g. weka.classifiers.trees.M5P"), e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new IllegalArgumentException("'" + name + "' is not a Weka " + what + " (" + expected.getName() + ")");
        }
        return type;
    }
}
