package io.ballast.cluster.peer;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/** Emits an {@link Outbox}'s frames as the connection asks for them; never completes on its own. */
final class OutboxSource extends GraphStage<SourceShape<ByteString>> {
    private final Outlet<ByteString> out = Outlet.create("OutboxSource.out");
    private final SourceShape<ByteString> shape = SourceShape.of(out);
    private final Outbox outbox;

    OutboxSource(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public SourceShape<ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new GraphStageLogic(shape) {
            private Runnable wake;

            @Override
            public void preStart() {
                AsyncCallback<Object> callback = createAsyncCallback(ignored -> tryPush());
                wake = () -> callback.invoke(Boolean.TRUE);
            }

            @Override
            public void postStop() {
                outbox.cancelWaiter(wake);
            }

            private void tryPush() {
                if (isAvailable(out)) {
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
