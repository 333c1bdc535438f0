package io.hwnas.core.search.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/** Where one device's latency comes from, as configured. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = LatencySource.Device.class, name = "device"),
    @JsonSubTypes.Type(value = LatencySource.Table.class, name = "table")})
public sealed interface LatencySource {

    /** The device the source speaks for (a profile's id, or a table's column). */
    String device();

    /**
     * A device profile, measured (or, for a spec sheet, predicted from its figures).
     *
     * @param predictorModel a saved predictor's file for {@link LatencyMode#PREDICTED}, else null
     */
    record Device(String id, LatencyMode mode, String predictorModel) implements LatencySource {
        public Device {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(mode, "mode");
            if ((mode == LatencyMode.PREDICTED) != (predictorModel != null)) {
                throw new IllegalArgumentException("device " + id + ": a saved predictor goes with latency mode "
                        + "predicted, and only with it (mode " + mode.key() + ", predictor " + predictorModel + ")");
            }
        }

        @Override
        public String device() {
            return id;
        }
    }

    /** A published table: latencies in ms in {@code column}, architectures in {@code archColumn}. */
    record Table(String file, String column, String archColumn) implements LatencySource {
        public Table {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(archColumn, "archColumn");
        }

        @Override
        public String device() {
            return column;
        }
    }
}
