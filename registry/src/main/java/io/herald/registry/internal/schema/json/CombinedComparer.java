package io.herald.registry.internal.schema.json;

import static io.herald.registry.internal.schema.json.SchemaComparer.COMBINERS;
import static io.herald.registry.internal.schema.json.SchemaComparer.acceptsEverything;
import static io.herald.registry.internal.schema.json.SchemaComparer.list;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * The combined schemas of one pair: {@code oneOf}/{@code anyOf} may gain branches, {@code allOf} may lose them, and
 * each remaining original branch must be matched by its own compatible update branch (a maximum bipartite matching);
 * a plain schema may become a {@code oneOf}/{@code anyOf} with a compatible branch; {@code not} may only narrow. The
 * keywords beside a combiner are compared too: where both sides are combined, by the comparer at the same node; where
 * one side is, here.
 *
 * <p>Not thread-safe: used by one {@link SchemaComparer} for one pair.
 */
final class CombinedComparer {

    private final SchemaComparer comparer;

    CombinedComparer(SchemaComparer comparer) {
        this.comparer = comparer;
    }

    private static String combiner(JsonNode node) {
        for (String keyword : COMBINERS) {
            if (node.path(keyword).isArray()) {
                return keyword;
            }
        }
        return null;
    }

    /** @return true when the combined schemas decided the whole comparison at this node */
    boolean compareCombined(String path, JsonNode o, JsonNode u) {
        String oc = combiner(o);
        String uc = combiner(u);
        if (oc == null && uc == null) {
            return false;
        }
        if (oc == null) {
            // the update holds its other keywords and its combiner: the original must meet both
            JsonNode others = comparer.siblings(u);
            if (!acceptsEverything(others)) {
                comparer.compare(path, o, others);
            }
            List<JsonNode> branches = list(u.get(uc));
            boolean ok = uc.equals("allOf")
                    ? branches.stream().allMatch(b -> comparer.compatible(o, b))
                    : branches.stream().anyMatch(b -> comparer.compatible(o, b));
            comparer.add(
                    ok
                            ? (uc.equals("allOf") ? "COMBINED_TYPE_EXTENDED" : "SUM_TYPE_EXTENDED")
                            : "COMBINED_TYPE_CHANGED",
                    path,
                    ok);
            return true;
        }
        if (uc == null) {
            // the original held its other keywords too: they alone may already fit the update
            JsonNode others = comparer.siblings(o);
            if (!acceptsEverything(others)) {
                List<Difference> found = comparer.nested(path, others, u);
                if (found.stream().allMatch(Difference::compatible)) {
                    comparer.addAll(found);
                    return true;
                }
            }
            List<JsonNode> branches = list(o.get(oc));
            boolean ok = oc.equals("allOf")
                    ? branches.stream().anyMatch(b -> comparer.compatible(b, u))
                    : branches.stream().allMatch(b -> comparer.compatible(b, u));
            comparer.add(
                    ok
                            ? (oc.equals("allOf") ? "PRODUCT_TYPE_NARROWED" : "COMBINED_TYPE_EXTENDED")
                            : "COMBINED_TYPE_CHANGED",
                    path,
                    ok);
            return true;
        }
        boolean oSum = !oc.equals("allOf");
        boolean uSum = !uc.equals("allOf");
        if (oSum != uSum || (oc.equals("anyOf") && uc.equals("oneOf"))) {
            comparer.add("COMBINED_TYPE_CHANGED", path + "/" + oc, false);
            return true;
        }
        List<JsonNode> oBranches = list(o.get(oc));
        List<JsonNode> uBranches = list(u.get(uc));
        String at = path + "/" + oc;
        if (oSum) {
            // every original branch needs its own update branch that accepts its data
            int matched = matching(oBranches, uBranches, (ob, ub) -> comparer.compatible(ob, ub));
            if (oBranches.size() > uBranches.size()) {
                comparer.add("SUM_TYPE_NARROWED", at, false);
            } else if (matched < oBranches.size()) {
                comparer.add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", at, false);
            } else if (uBranches.size() > oBranches.size()) {
                comparer.add("SUM_TYPE_EXTENDED", at, true);
            }
            if (!oc.equals(uc)) {
                comparer.add("COMBINED_TYPE_EXTENDED", at, true);
            }
        } else {
            // every update constraint must already hold for data the original accepted
            int matched = matching(uBranches, oBranches, (ub, ob) -> comparer.compatible(ob, ub));
            if (uBranches.size() > oBranches.size()) {
                comparer.add("PRODUCT_TYPE_EXTENDED", at, false);
            } else if (matched < uBranches.size()) {
                comparer.add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", at, false);
            } else if (uBranches.size() < oBranches.size()) {
                comparer.add("PRODUCT_TYPE_NARROWED", at, true);
            }
        }
        return false;
    }

    private interface Fits {
        boolean test(JsonNode left, JsonNode right);
    }

    /** The size of a maximum matching of {@code left} into {@code right} where {@code fits} (Kuhn's algorithm). */
    private static int matching(List<JsonNode> left, List<JsonNode> right, Fits fits) {
        boolean[][] edges = new boolean[left.size()][right.size()];
        for (int i = 0; i < left.size(); i++) {
            for (int j = 0; j < right.size(); j++) {
                edges[i][j] = fits.test(left.get(i), right.get(j));
            }
        }
        int[] owner = new int[right.size()];
        Arrays.fill(owner, -1);
        int size = 0;
        for (int i = 0; i < left.size(); i++) {
            if (augment(i, edges, owner, new boolean[right.size()])) {
                size++;
            }
        }
        return size;
    }

    private static boolean augment(int i, boolean[][] edges, int[] owner, boolean[] seen) {
        for (int j = 0; j < owner.length; j++) {
            if (edges[i][j] && !seen[j]) {
                seen[j] = true;
                if (owner[j] < 0 || augment(owner[j], edges, owner, seen)) {
                    owner[j] = i;
                    return true;
                }
            }
        }
        return false;
    }

    void compareNot(String path, JsonNode o, JsonNode u) {
        JsonNode on = o.get("not");
        JsonNode un = u.get("not");
        if (un == null) {
            if (on != null) {
                comparer.add("NOT_TYPE_REMOVED", path + "/not", true);
            }
            return;
        }
        if (on == null) {
            comparer.add("NOT_TYPE_ADDED", path + "/not", false);
            return;
        }
        // not X accepts all that not Y accepted when X accepts no more than Y
        boolean narrowed = comparer.compatible(un, on);
        if (!narrowed || !on.equals(un)) {
            comparer.add(narrowed ? "NOT_TYPE_NARROWED" : "NOT_TYPE_EXTENDED", path + "/not", narrowed);
        }
    }
}
