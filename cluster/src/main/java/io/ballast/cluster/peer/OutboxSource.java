package io.ballast.cluster.peer;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Emits an {@link Outbox}'s frames as the connection asks for them, but only once {@code ready} completes (the
 * peer is authenticated): frames taken earlier would die with a connection whose handshake fails. Never completes
 * on its own.
 */
final class OutboxSource extends GraphStage<SourceShape<ByteString>> {
    private final Outlet<ByteString> out = Outlet.create("OutboxSource.out");
    private final SourceShape<ByteString> shape = SourceShape.of(out);
    private final Outbox outbox;
    private final CompletionStage<?> ready;

    OutboxSource(Outbox outbox, CompletionStage<?> ready) {
        this.outbox = outbox;
        this.ready = ready;
    }

    @Override
    public SourceShape<ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new GraphStageLogic(shape) {
            private Runnable wake;
            private boolean open;

            @Override
            public void preStart() {
                AsyncCallback<Object> callback = createAsyncCallback(ignored -> tryPush());
                wake = () -> callback.invoke(Boolean.TRUE);
                AsyncCallback<Object> opened = createAsyncCallback(ignored -> {
                    open = true;
                    tryPush();
                });
                ready.thenRun(() -> opened.invoke(Boolean.TRUE));
            }

            @Override
            public void postStop() {
                outbox.cancelWaiter(wake);
            }

            private void tryPush() {
                if (open && isAvailable(out)) {
                    ByteString frame = outbox.poll(wake);
                    if (frame != null) {
                        push(out, frame);
                    }
                }
            }

            {
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        tryPush();
                    }
                });
            }
        };
    }
}
