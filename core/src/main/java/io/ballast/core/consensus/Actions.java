package io.ballast.core.consensus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of one {@link Validator#step}, in the order the host must perform it:
 * <ol>
 *   <li>{@link #toPersist()}: safety state, checkpoint, committed blocks — durably, and before anything else;</li>
 *   <li>{@link #toSend()}: sends and broadcasts;</li>
 *   <li>{@link #timers()}: timers to schedule;</li>
 *   <li>{@link #notifications()}: transaction outcomes and evidence reports.</li>
 * </ol>
 * {@link #all()} is that concatenation. A host that crashes part-way simply loses the tail: the
 * persisted prefix is always sufficient for safety.
 */
public final class Actions {
    public static final Actions NONE = new Actions(List.of(), List.of(), List.of(), List.of());

    private final List<Action> toPersist;
    private final List<Action> toSend;
    private final List<Action.ScheduleTimer> timers;
    private final List<Action> notifications;

    private Actions(List<Action> toPersist, List<Action> toSend, List<Action.ScheduleTimer> timers,
                    List<Action> notifications) {
        this.toPersist = List.copyOf(toPersist);
        this.toSend = List.copyOf(toSend);
        this.timers = List.copyOf(timers);
        this.notifications = List.copyOf(notifications);
    }

    public List<Action> toPersist() {
        return toPersist;
    }

    public List<Action> toSend() {
        return toSend;
    }

    public List<Action.ScheduleTimer> timers() {
        return timers;
    }

    public List<Action> notifications() {
        return notifications;
    }

    public List<Action> all() {
        List<Action> all = new ArrayList<>(toPersist.size() + toSend.size() + timers.size() + notifications.size());
        all.addAll(toPersist);
        all.addAll(toSend);
        all.addAll(timers);
        all.addAll(notifications);
        return Collections.unmodifiableList(all);
    }

    public boolean isEmpty() {
        return toPersist.isEmpty() && toSend.isEmpty() && timers.isEmpty() && notifications.isEmpty();
    }

    public List<Action.Commit> commits() {
        List<Action.Commit> commits = new ArrayList<>();
        for (Action action : toPersist) {
            if (action instanceof Action.Commit commit) {
                commits.add(commit);
            }
        }
        return commits;
    }

    @Override
    public String toString() {
        return "Actions" + all();
    }

    /** Collects one step's actions; the latest safety state replaces earlier ones (it dominates them). */
    static final class Builder {
        private Action.PersistSafetyState safety;
        private int safetyIndex = -1;
        private final List<Action> persist = new ArrayList<>();
        private final List<Action> send = new ArrayList<>();
        private final List<Action.ScheduleTimer> timers = new ArrayList<>();
        private final List<Action> notifications = new ArrayList<>();

        void persistSafety(SafetyState state) {
            if (safety == null) {
                safetyIndex = persist.size();
                persist.add(null);
            }
            safety = new Action.PersistSafetyState(state);
            persist.set(safetyIndex, safety);
        }

        void persist(Action action) {
            persist.add(action);
        }

        void send(Action action) {
            send.add(action);
        }

        void timer(Action.ScheduleTimer timer) {
            timers.add(timer);
        }

        void notify(Action action) {
            notifications.add(action);
        }

        Actions build() {
            return new Actions(persist, send, timers, notifications);
        }
    }
}
