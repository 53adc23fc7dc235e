package io.ballast.api.model;

/** The liquidity pool every trade fills against, and the insurance fund (USD decimal strings). */
public record PoolView(String cashUsd, String navUsd, long totalShares, String insuranceFundUsd) {}
