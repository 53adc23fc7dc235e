package io.ballast.persistence.lease;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** One record per lease name: its owner, expiring {@code ttl} after the last claim or renewal the store applied. */
public interface LeaseStore {
    /** Takes the name if nobody holds it, it expired, or {@code owner} holds it already (then renews); true if taken. */
    CompletionStage<Boolean> claim(String name, String owner, Duration ttl);

    /** Extends the record only while {@code owner} still holds it; false when another owner (or nobody) does. */
    CompletionStage<Boolean> renew(String name, String owner, Duration ttl);

    /** Removes the record only if {@code owner} holds it; true if it did. */
    CompletionStage<Boolean> release(String name, String owner);
}
