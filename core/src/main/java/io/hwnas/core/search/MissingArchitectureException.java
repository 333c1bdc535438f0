package io.hwnas.core.search;

/** An oracle was asked about an architecture its table does not hold. */
public final class MissingArchitectureException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String architecture;
    private final String oracle;

    public MissingArchitectureException(String oracle, String architecture) {
        super(oracle + " has no row for architecture " + architecture);
        this.oracle = oracle;
        this.architecture = architecture;
    }

    public String architecture() {
        return architecture;
    }

    public String oracle() {
        return oracle;
    }
}
