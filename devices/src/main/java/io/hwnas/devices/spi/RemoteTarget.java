package io.hwnas.devices.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a remote device's agent listens and where its bearer token is kept (a file, so that the token is in no
 * profile, log or command line).
 */
public record RemoteTarget(URI url, Path tokenFile) {

    public RemoteTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tokenFile, "tokenFile");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("url must be http:// or https://, was '" + url + "'");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("url has no host: '" + url + "'");
        }
    }
}
