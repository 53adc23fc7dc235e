package io.ballast.actors.account;

/**
 * Published on the event stream by a margin-account entity when its account enters ({@code raised})
 * or leaves a margin call (equity below 1.5 × maintenance margin). Observers: logs, the HTTP/SSE API.
 * A clear caused by leaving the validators' margin-call list (rather than by a block touching the
 * account) carries equity and maintenance 0: they were not valued.
 */
public record MarginCall(String accountKey, long height, boolean raised, long equityUsd, long maintenanceMarginUsd) {}
