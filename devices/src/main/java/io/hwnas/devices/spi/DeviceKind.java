package io.hwnas.devices.spi;

/** What sort of hardware a device profile runs models on. */
public enum DeviceKind {
    CPU,
    GPU,
    NPU,
    /** Another machine, reached over the network. */
    REMOTE
}
