package io.hwnas.core.measure;

/** Graph optimisation level of the runtime; mirrors ONNX Runtime's levels without depending on it. */
public enum OptimizationLevel {
    NONE,
    BASIC,
    EXTENDED,
    LAYOUT,
    ALL
}
