package io.pdm.alerting.topology;

import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead letters as ingest writes them: a {@code DeadLetterRecord} with the original bytes, and the headers
 * {@code pdm-reason}, {@code pdm-detail}, {@code pdm-source} so a consumer routes without decoding.
 */
final class DeadLetters {
    private static final AvroCodec<DeadLetterRecord> CODEC = AvroCodec.of(DeadLetterRecord.class);

    private DeadLetters() {}

    static byte[] encode(String plant, String asset, String source, Rejected why, byte[] payload, Instant now) {
        return CODEC.encode(DeadLetterRecord.newBuilder()
                .setPlant(plant)
                .setAsset(asset)
                .setSource(source)
                .setReason(why.reason().name())
                .setDetail(why.detail())
                .setReceivedAt(now)
                .setPayload(ByteBuffer.wrap(payload == null ? new byte[0] : payload))
                .build());
    }

    static Headers headers(String source, Rejected why) {
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_REASON, why.reason().name().getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_DETAIL, why.detail().getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_SOURCE, source.getBytes(StandardCharsets.UTF_8));
        return h;
    }
}
