package io.pdm.alerting.notify.channel;

import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.Target;

/** Makes one attempt to deliver a notification to one target; retries, rate limits and dedup are the caller's. */
public interface Sender {
    void send(Notification notification, Target target) throws DeliveryException;
}
