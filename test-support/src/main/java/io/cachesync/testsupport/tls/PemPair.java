package io.cachesync.testsupport.tls;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** A certificate and its PKCS#8 key, as PEM files (what redis-server and the sidecar read). */
public record PemPair(Path certFile, Path keyFile, X509Certificate certificate, KeyPair keys) {}
