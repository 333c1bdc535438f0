"""Rank correlations for the bench scripts: Spearman (average ranks for ties) and Kendall's tau-a."""
import math


def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def pearson(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((p - ma) * (q - mb) for p, q in zip(a, b))
    return cov / math.sqrt(sum((p - ma) ** 2 for p in a) * sum((q - mb) ** 2 for q in b))


def spearman(a, b):
    return pearson(ranks(a), ranks(b))


def kendall(a, b):
    c = d = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            p = (a[i] - a[j]) * (b[i] - b[j])
            c += p > 0
            d += p < 0
    return (c - d) / (len(a) * (len(a) - 1) / 2)
