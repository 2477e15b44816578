package io.pdm.ingest.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.pdm.ingest.IngestConfig;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * OAuth2 bearer tokens (JWT) for the REST intake: the signature is checked against the issuer's JWK set (fetched
 * over HTTPS and cached by Nimbus JOSE+JWT), {@code iss} must be the configured issuer, {@code exp} must lie ahead,
 * and the plant claim (a string or a list of strings) names the plants the token may write to.
 */
final class JwtPlants {
    /** A token that is not accepted; the message says why, for the {@code WWW-Authenticate} error description. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** The issuer's JWK set could not be fetched: not the caller's fault, so 503 rather than 401. */
    static final class KeysUnavailable extends Exception {
        KeysUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String plantClaim;

    JwtPlants(IngestConfig.Jwt jwt) {
        this.plantClaim = jwt.plantClaim();
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(jwt.jwkSetUri()).toURL())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("PDM_INGEST_JWT_JWK_SET_URI is not a URL: " + jwt.jwkSetUri(), e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(
                        JWSAlgorithm.RS256,
                        JWSAlgorithm.RS384,
                        JWSAlgorithm.RS512,
                        JWSAlgorithm.ES256,
                        JWSAlgorithm.ES384),
                keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(jwt.issuer()).build(), Set.of("exp", plantClaim)));
    }

    /** Whether a bearer credential is a JWT (three base64url parts) rather than an API key. */
    static boolean looksLikeJwt(String credential) {
        return credential.chars().filter(c -> c == '.').count() == 2;
    }

    /** The plants the token names; throws when its signature, issuer, expiry or plant claim is not right. */
    Set<String> plantsOf(String token) throws Invalid, KeysUnavailable {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            throw new KeysUnavailable("the issuer's JWK set could not be read: " + e.getMessage(), e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new Invalid(e.getMessage());
        }
        Object claim = claims.getClaim(plantClaim);
        Set<String> plants = new LinkedHashSet<>();
        if (claim instanceof String s) plants.add(s);
        else if (claim instanceof List<?> list) list.forEach(p -> plants.add(String.valueOf(p)));
        else throw new Invalid("claim '" + plantClaim + "' is neither a string nor a list");
        return plants;
    }
}
