package io.ballast.report;

import java.util.List;

/**
 * Inclusion delay of the censored traders' transactions against everyone else's (class censorship: a Byzantine
 * validator drops every transaction of two traders, as leader and as a gossip hop).
 */
public record CensorshipReport(List<AtValidators> byValidators) {
    public CensorshipReport {
        byValidators = List.copyOf(byValidators);
    }

    public record AtValidators(int validators, Group censored, Group others) {}

    /** First submission to first commit. */
    public record Group(Metric transactions, Metric p50, Metric p99, Metric max, Series cdf) {}
}
