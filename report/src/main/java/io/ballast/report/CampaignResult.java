package io.ballast.report;

import io.ballast.sim.SeedResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every seed's result of a campaign, by class and validator count, each list in seed order. */
public record CampaignResult(ReportOptions options, Map<FaultClass, Map<Integer, List<SeedResult>>> results) {
    public CampaignResult {
        Map<FaultClass, Map<Integer, List<SeedResult>>> copy = new LinkedHashMap<>();
        for (Map.Entry<FaultClass, Map<Integer, List<SeedResult>>> entry : results.entrySet()) {
            Map<Integer, List<SeedResult>> byN = new LinkedHashMap<>();
            entry.getValue().forEach((n, list) -> byN.put(n, List.copyOf(list)));
            copy.put(entry.getKey(), byN);
        }
        results = copy;
        for (FaultClass c : options.classes()) {
            for (int n : options.validators()) {
                List<SeedResult> list = copy.getOrDefault(c, Map.of()).get(n);
                if (list == null || list.size() != options.seeds()) {
                    throw new IllegalArgumentException("missing seeds of " + c.id() + " at n = " + n);
                }
            }
        }
    }

    public List<SeedResult> seeds(FaultClass faultClass, int n) {
        return results.get(faultClass).get(n);
    }

    public List<SeedResult> all() {
        List<SeedResult> all = new ArrayList<>();
        results.values().forEach(byN -> byN.values().forEach(all::addAll));
        return all;
    }
}
