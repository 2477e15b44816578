package io.pdm.federated.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a peer's certificate against the federation CA's certificate revocation list, a PEM or DER file the admin
 * provides (and replaces to revoke; it is re-read whenever it changes, so no restart is needed). Both ends use it:
 * the aggregator on every plant's request, a plant on the aggregator's certificate in each TLS handshake.
 *
 * <p>The check is the JDK's PKIX validation ({@link CertPathValidator} with a {@link PKIXRevocationChecker} over a
 * {@link CertStore} holding the CRL, CRLs only, no OCSP or network fetch): the certificate must chain to a trusted
 * CA and be within its validity, the CRL must be signed by that CA and current (its nextUpdate not passed), and it
 * must not list the certificate. It fails closed: an unreadable, expired or foreign CRL refuses every certificate
 * with the reason, since nobody could then prove they are not revoked. Passing certificates are remembered until the
 * CRL file changes or the CRL's nextUpdate.
 */
public final class RevocationCheck {

    private static final RevocationCheck NONE = new RevocationCheck(null, List.of(), Clock.systemUTC());

    private final Path file;
    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final Clock clock;
    private final Map<X509Certificate, Instant> passed = new HashMap<>();
    private FileTime loadedModified;
    private X509CRL crl;

    private RevocationCheck(Path file, Collection<X509Certificate> trustedCas, Clock clock) {
        this.file = file;
        this.clock = clock;
        trustedCas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
        if (file != null && anchors.isEmpty()) {
            throw new IllegalArgumentException("checking " + file + " needs the CA certificates that sign it");
        }
    }

    /** The CRL in {@code file}, signed by one of {@code trustedCas}; {@code file} null: no check. */
    public static RevocationCheck of(Path file, Collection<X509Certificate> trustedCas) {
        return file == null ? NONE : new RevocationCheck(file, trustedCas, Clock.systemUTC());
    }

    /** As {@link #of(Path, Collection)} at the time {@code clock} tells (tests of an expired CRL). */
    static RevocationCheck of(Path file, Collection<X509Certificate> trustedCas, Clock clock) {
        return new RevocationCheck(file, trustedCas, clock);
    }

    /** No revocation list: every certificate passes (what the TLS layer already validated stands). */
    public static RevocationCheck none() {
        return NONE;
    }

    /** The CRL file, or null when nothing is checked. */
    public Path file() {
        return file;
    }

    /**
     * @throws RevokedCertificateException if the CRL lists {@code certificate} ({@link
     *     RevokedCertificateException#revoked()} true) or its status cannot be established from the CRL (false)
     */
    public synchronized void check(X509Certificate certificate) throws RevokedCertificateException {
        if (file == null) {
            return;
        }
        Instant now = clock.instant();
        reloadIfChanged();
        Instant until = passed.get(certificate);
        if (until != null && now.isBefore(until)) {
            return;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setDate(java.util.Date.from(now));
            parameters.addCertStore(
                    CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
            revocation.setOptions(EnumSet.of(
                    PKIXRevocationChecker.Option.PREFER_CRLS, // the admin's file, never OCSP
                    PKIXRevocationChecker.Option.NO_FALLBACK,
                    PKIXRevocationChecker.Option.ONLY_END_ENTITY)); // the CA signs the CRL itself
            parameters.setRevocationEnabled(false); // only the checker above, not the default one as well
            parameters.addCertPathChecker(revocation);
            validator.validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
        } catch (CertPathValidatorException e) {
            throw refusal(certificate, e);
        } catch (GeneralSecurityException e) {
            throw new RevokedCertificateException(
                    false, describe(certificate) + " could not be checked against the CRL " + file + ": " + e, e);
        }
        Instant crlEnd =
                crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
        Instant certificateEnd = certificate.getNotAfter().toInstant();
        passed.put(certificate, crlEnd.isBefore(certificateEnd) ? crlEnd : certificateEnd);
    }

    private RevokedCertificateException refusal(X509Certificate certificate, CertPathValidatorException e) {
        if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED
                && e.getCause() instanceof CertificateRevokedException revoked) {
            return new RevokedCertificateException(
                    true,
                    describe(certificate) + " is revoked: the CRL " + file + " lists it since "
                            + revoked.getRevocationDate().toInstant() + " (" + revoked.getRevocationReason() + ")",
                    e);
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return new RevokedCertificateException(
                    false,
                    describe(certificate) + ": revocation status unknown, the CRL " + file + " is not signed by a "
                            + "trusted CA or is out of date (nextUpdate "
                            + crl.getNextUpdate().toInstant()
                            + "); replace it with a current CRL of the federation CA",
                    e);
        }
        return new RevokedCertificateException(
                false, describe(certificate) + " fails validation with the CRL " + file + ": " + e.getMessage(), e);
    }

    private void reloadIfChanged() throws RevokedCertificateException {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loadedModified)) {
                try (InputStream in = Files.newInputStream(file)) {
                    crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
                }
                loadedModified = modified;
                passed.clear();
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // fail closed: without a readable CRL nobody can prove they are not revoked
            loadedModified = null;
            throw new RevokedCertificateException(false, "cannot read the CRL " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(X509Certificate certificate) {
        return "certificate " + certificate.getSubjectX500Principal().getName() + " (serial "
                + certificate.getSerialNumber().toString(16) + ")";
    }
}
