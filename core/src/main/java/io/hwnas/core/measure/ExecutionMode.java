package io.hwnas.core.measure;

/** Whether the runtime runs independent graph branches one after another or in parallel (inter-op threads). */
public enum ExecutionMode {
    SEQUENTIAL,
    PARALLEL
}
