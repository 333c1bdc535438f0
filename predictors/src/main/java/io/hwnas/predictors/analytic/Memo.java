package io.hwnas.predictors.analytic;

import io.hwnas.core.space.Architecture;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe, bounded memo of a pure function of an architecture, keyed by its canonical string. Building and
 * costing a graph takes a millisecond or more; a search asks for the same architectures again and again, so a hit
 * turns a prediction into a hash lookup. When full, about half of the entries (in hash order, not by age) are
 * dropped: cheaper than keeping an LRU order on every hit, and good enough for a value that is only recomputed.
 * Two threads missing on one key may both compute it; the function is pure, so either result is right. Public for
 * the other predictors that cost graphs ({@code transfer.SpecTransfer}).
 */
public final class Memo<V> {

    private final int capacity;
    private final Function<Architecture, V> compute;
    private final ConcurrentHashMap<String, V> map;

    public Memo(int capacity, Function<Architecture, V> compute) {
        if (capacity < 1) {
            throw new IllegalArgumentException("memo capacity must be >= 1, but was " + capacity);
        }
        this.capacity = capacity;
        this.compute = Objects.requireNonNull(compute, "compute");
        this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    public V get(Architecture a) {
        V v = map.get(a.canonical());
        if (v != null) {
            return v;
        }
        v = Objects.requireNonNull(compute.apply(a), "memoised value");
        if (map.size() >= capacity) {
            evictHalf();
        }
        V raced = map.putIfAbsent(a.canonical(), v);
        return raced == null ? v : raced;
    }

    public int size() {
        return map.size();
    }

    private void evictHalf() {
        int drop = Math.max(1, map.size() / 2);
        Iterator<String> it = map.keySet().iterator();
        while (drop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
