package io.pdm.launcher.fl;

import io.pdm.model.life.ProtocolMismatchException;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The admin commands' check that an adapter directory belongs to {@code --base} ({@code pdm fl announce},
 * {@code pdm fl merge}): fails as a usage error, before anything is published or written, on a directory without
 * weights or an adapter of another base (inference would refuse it).
 */
final class AdapterOrigin {
    private AdapterOrigin() {}

    static void require(CommandSpec spec, Path base, Path dir, String baseHash) throws IOException {
        if (!Files.isRegularFile(dir.resolve(PeftAdapter.WEIGHTS_FILE))) {
            throw new ParameterException(spec.commandLine(), dir + " holds no " + PeftAdapter.WEIGHTS_FILE);
        }
        try {
            RemainingLifeModel.requireOrigin(dir, baseHash);
        } catch (ProtocolMismatchException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (--base " + base + ")");
        }
    }
}
