package io.pdm.launcher.fl;

import io.pdm.federated.pki.DevPki;
import io.pdm.launcher.UsageCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm certs …}: development certificates for the aggregator and the plants. */
@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        description = "Development PKI for federated learning.",
        subcommands = CertsCommand.Init.class)
public final class CertsCommand extends UsageCommand {

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = "Create a dev CA, the aggregator's server certificate and one client certificate per plant "
                    + "(PEM and PKCS12, unencrypted keys: development only).")
    static final class Init implements Callable<Integer> {
        @Option(
                names = "--dir",
                required = true,
                description = "Directory for ca.crt.pem, truststore.p12, crl.pem, aggregator.p12, PLANT.p12, ...")
        Path dir;

        @Option(names = "--plants", required = true, split = ",", description = "Plant ids, e.g. fd001,fd002.")
        List<String> plants;

        @Option(
                names = "--hosts",
                split = ",",
                defaultValue = "localhost,127.0.0.1",
                description = "Host names in the aggregator's certificate (default ${DEFAULT-VALUE}).")
        List<String> hosts;

        @Option(
                names = "--password",
                defaultValue = "${env:PDM_FL_PASSWORD:-changeit}",
                description = "PKCS12 store password (PDM_FL_PASSWORD, default changeit: development only).")
        String password;

        @Option(names = "--days", defaultValue = "365", description = "Validity in days (default ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() {
            DevPki pki = DevPki.create(dir, plants, hosts, password, Duration.ofDays(days));
            System.out.printf(
                    "dev PKI in %s: aggregator %s, trust store %s, plants %s%n",
                    dir, pki.keyStore(DevPki.AGGREGATOR), pki.trustStore(), plants);
            return 0;
        }
    }
}
