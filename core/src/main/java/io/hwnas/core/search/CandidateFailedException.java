package io.hwnas.core.search;

/**
 * An oracle could not evaluate one candidate (its training ran out of memory, hit a native error, diverged): the
 * search marks that candidate failed with the reason and goes on with the others.
 */
public class CandidateFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String arch;

    public CandidateFailedException(String arch, String reason, Throwable cause) {
        super(reason, cause);
        this.arch = arch;
    }

    public String arch() {
        return arch;
    }
}
