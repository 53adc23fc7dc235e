package io.ballast.api.model;

import java.util.List;

/** @param nextCursor pass as {@code ?after=} for the next page; null at the end */
public record AccountEventsPage(String account, List<AccountEventView> items, Long nextCursor) {
    public AccountEventsPage {
        items = List.copyOf(items);
    }
}
