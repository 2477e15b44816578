package io.pdm.federated.aggregator;

import io.pdm.federated.protocol.RejectionReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body of at most a limit: refused from the Content-Length alone, or as soon as it overruns. */
final class BoundedBody {

    private BoundedBody() {}

    /** @param declaredLength Content-Length, or -1 when the body is chunked */
    static byte[] read(long declaredLength, InputStream body, long limit) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge(declaredLength + " bytes declared", limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declaredLength, limit)));
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int read; (read = body.read(buffer)) != -1; ) {
            total += read;
            if (total > limit) {
                throw tooLarge("more than " + limit + " bytes sent", limit);
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static RejectedRequestException tooLarge(String what, long limit) {
        return new RejectedRequestException(
                RejectionReason.PAYLOAD_TOO_LARGE, what + "; the limit is " + limit + " bytes");
    }
}
