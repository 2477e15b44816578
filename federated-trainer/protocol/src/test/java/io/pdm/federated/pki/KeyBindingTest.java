package io.pdm.federated.pki;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.protocol.SecureAggregationParameters;
import io.pdm.federated.secagg.FixedPointCodec;
import io.pdm.federated.secagg.SecAggClient;
import io.pdm.federated.secagg.SecAggConfig;
import io.pdm.federated.secagg.SecAggMessage.AdvertisedKeys;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys signed with a plant's client certificate verify; a substituted, re-signed or unsigned key is refused. */
class KeyBindingTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final String SESSION = "session-1";
    private static final long ROUND = 7;

    private final DevCertificateAuthority ca = DevCertificateAuthority.create("federation CA", DAY);
    private final IssuedCredential plantA = ca.issuePlantCertificate(new PlantIdentity("plant-a"), DAY);
    private final IssuedCredential plantB = ca.issuePlantCertificate(new PlantIdentity("plant-b"), DAY);
    private final SecAggConfig config = new SecAggConfig(SESSION, 3, 2, 4, new FixedPointCodec(1 << 16, 1.0));
    private final SecureAggregationParameters parameters =
            new SecureAggregationParameters(SESSION, new TreeMap<>(Map.of("plant-a", 1, "plant-b", 2)), 2, 65536, 1);

    @Test
    void keysSignedByEachPlantsCertificatePassTheAggregatorsAndThePlantsChecks() {
        AdvertisedKeys a = signed(1, plantA);
        AdvertisedKeys b = signed(2, plantB);

        assertThatCode(() -> KeyBinding.requireSignedBySession(a, SESSION, ROUND, plantA.certificate()))
                .doesNotThrowAnyException();
        assertThatCode(() -> KeyBinding.requireBound(
                        new KeyDirectory(Map.of(1, a, 2, b)), parameters, ROUND, List.of(ca.certificate())))
                .doesNotThrowAnyException();
    }

    @Test
    void aSubstitutedKeyUnderTheOriginalSignatureIsRefused() {
        AdvertisedKeys genuine = signed(2, plantB);
        AdvertisedKeys attacker = new SecAggClient(2, config, new SecureRandom()).advertiseKeys();
        AdvertisedKeys substituted = new AdvertisedKeys(
                2,
                attacker.shareEncryptionKey(),
                attacker.maskAgreementKey(),
                genuine.signature(),
                genuine.certificate());

        assertThatThrownBy(() -> KeyBinding.requireBound(
                        new KeyDirectory(Map.of(1, signed(1, plantA), 2, substituted)),
                        parameters,
                        ROUND,
                        List.of(ca.certificate())))
                .isInstanceOf(KeyBindingException.class)
                .hasMessage("signature on the keys of client 2 does not verify against plant plant-b's certificate "
                        + "for session session-1, round 7: the keys were substituted or altered");
    }

    @Test
    void aKeySignedByAnotherPlantOrAnotherCaOrReplayedFromAnotherRoundIsRefused() {
        AdvertisedKeys signedByA = signed(2, plantA);
        assertThatThrownBy(
                        () -> KeyBinding.requireBound(signedByA, "plant-b", SESSION, ROUND, List.of(ca.certificate())))
                .hasMessage("keys of client 2 are signed by plant plant-a's certificate, but the round gives client 2 "
                        + "to plant plant-b");

        DevCertificateAuthority rogue = DevCertificateAuthority.create("federation CA", DAY);
        AdvertisedKeys rogueSigned = signed(2, rogue.issuePlantCertificate(new PlantIdentity("plant-b"), DAY));
        assertThatThrownBy(() ->
                        KeyBinding.requireBound(rogueSigned, "plant-b", SESSION, ROUND, List.of(ca.certificate())))
                .hasMessage("keys of client 2 (plant plant-b) carry a certificate not issued by the federation CA: "
                        + "CN=federation CA, O=pdm development");

        AdvertisedKeys genuine = signed(2, plantB);
        assertThatThrownBy(() ->
                        KeyBinding.requireBound(genuine, "plant-b", SESSION, ROUND + 1, List.of(ca.certificate())))
                .hasMessageContaining("does not verify");
    }

    @Test
    void theAggregatorRefusesUnsignedKeysAndKeysCarryingAnotherCertificateThanTheTlsSession() {
        AdvertisedKeys unsigned = new SecAggClient(1, config, new SecureRandom()).advertiseKeys();
        assertThatThrownBy(() -> KeyBinding.requireSignedBySession(unsigned, SESSION, ROUND, plantA.certificate()))
                .hasMessage("keys of client 1 are unsigned: a plant signs its keys with its client certificate's key");

        AdvertisedKeys signedByB = signed(1, plantB);
        assertThatThrownBy(() -> KeyBinding.requireSignedBySession(signedByB, SESSION, ROUND, plantA.certificate()))
                .isInstanceOf(KeyBindingException.class)
                .hasMessageStartingWith("keys of client 1 carry the certificate of CN=plant-b");
    }

    @Test
    void aPeerWhoseCertificateIsOnTheFederationCrlIsRefusedThoughItsSignatureVerifies(@TempDir Path directory)
            throws Exception {
        // an aggregator holding plant-b's stolen (and since revoked) key signs keys of its own in plant-b's name
        Path crl = directory.resolve("crl.pem");
        DevPkiFiles.writePem(
                crl,
                ca.revocationList(
                        List.of(plantB.certificate()),
                        Instant.now().minusSeconds(60),
                        Instant.now().plus(DAY)));
        KeyDirectory directoryWithB = new KeyDirectory(Map.of(1, signed(1, plantA), 2, signed(2, plantB)));

        assertThatCode(() -> KeyBinding.requireBound(directoryWithB, parameters, ROUND, List.of(ca.certificate())))
                .as("without the CRL the keys pass")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> KeyBinding.requireBound(
                        directoryWithB,
                        parameters,
                        ROUND,
                        List.of(ca.certificate()),
                        RevocationCheck.of(crl, List.of(ca.certificate()))))
                .isInstanceOf(KeyBindingException.class)
                .hasMessageStartingWith("keys of client 2 (plant plant-b): certificate CN=plant-b")
                .hasMessageContaining("is revoked");
    }

    private AdvertisedKeys signed(int client, IssuedCredential credential) {
        AdvertisedKeys keys = new SecAggClient(client, config, new SecureRandom()).advertiseKeys();
        return KeyBinding.sign(keys, SESSION, ROUND, credential.privateKey(), credential.certificate());
    }
}
