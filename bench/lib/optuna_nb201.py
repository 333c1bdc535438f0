#!/usr/bin/python3
"""One Optuna search of NAS-Bench-201 under a latency budget, for bench/search-peers.sh (issue 17).

Six categorical parameters, one per edge of the nb201 cell (five operations each); the architecture string is built
in the table's canonical form |op~0|+|op~0|op~1|+|op~0|op~1|op~2|. Two objectives read from a table: accuracy
(maximised) and latency (minimised); the budget latency <= B is a constraint (constraints_func, <= 0 is feasible).

Only distinct architectures count: a trial that proposes an architecture already evaluated is told its cached values
(so the sampler sees it) but does not count. The search stops when --n distinct architectures were evaluated, or
after --max-trials trials (30 x n by default), whichever comes first.

Writes --out (CSV: n, arch, trial, elapsed_s: the distinct architectures in the order they were first evaluated,
with the trial that reached each and the seconds since the start) and --meta (JSON: settings, trials, capped, wall
time, Optuna version); both are written to a temporary name first and renamed, so a killed run leaves neither.

Usage: optuna_nb201.py --cells FILE --sampler nsga2|tpe --seed K --n N --budget B --out FILE --meta FILE
                       [--max-trials M] [--progress EVERY]
       optuna_nb201.py --version
"""
import argparse
import csv
import json
import os
import sys
import time
import warnings

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
# (to node, from node) of the six edges, in the order of the canonical string.
EDGES = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)]


def arch_string(ops):
    """The canonical nb201 string of six operations in EDGES order."""
    nodes = []
    i = 0
    for to in (1, 2, 3):
        parts = []
        for frm in range(to):
            parts.append("%s~%d" % (ops[i], frm))
            i += 1
        nodes.append("|" + "|".join(parts) + "|")
    return "+".join(nodes)


def read_cells(path):
    cells = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            cells[row["arch"]] = (float(row["accuracy"]), float(row["latency_ms"]))
    if len(cells) != 5 ** 6:
        sys.exit("optuna_nb201: %s holds %d architectures, expected %d" % (path, len(cells), 5 ** 6))
    return cells


def split_once_per_trial(optuna):
    """Optuna 3.1's TPESampler splits the trials into "below" and "above" in sample_independent, once per parameter:
    six times per trial here, on the same trials, and the split depends only on the trials' objective values and
    constraint violations, not on the parameter. For two objectives it ranks every trial by non-domination, which
    grows as trials squared, so the split is most of TPE's time. This keeps the last split and hands out copies while
    the inputs are equal: the samples stay exactly Optuna's (OptunaPeersTest compares the sequences with --plain),
    several times faster (73 s against 10 s to 150 distinct evaluations on this machine)."""
    from optuna.samplers._tpe import sampler as tpe
    original = tpe._split_observation_pairs
    last = {}

    def split(loss_vals, n_below, violations):
        key = (n_below, tuple((s, tuple(v)) for s, v in loss_vals),
               None if violations is None else tuple(violations))
        if last.get("key") != key:
            value = original(loss_vals, n_below, violations)  # its recursive call comes back here: store after
            last["key"], last["value"] = key, value
        below, above = last["value"]
        return below.copy(), above.copy()

    tpe._split_observation_pairs = split


def make_sampler(optuna, name, seed):
    def constraints(trial):
        return trial.user_attrs["constraint"]

    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints)
    sys.exit("optuna_nb201: unknown sampler '%s'; known: nsga2, tpe" % name)


def search(optuna, cells, args):
    """Ask and tell until args.n distinct architectures; returns (rows, trials, capped, wall seconds)."""
    study = optuna.create_study(directions=["maximize", "minimize"],
                                sampler=make_sampler(optuna, args.sampler, args.seed))
    seen = set()
    rows = []
    trials = 0
    start = time.perf_counter()
    while len(rows) < args.n and trials < args.max_trials:
        trial = study.ask()
        ops = [trial.suggest_categorical("e%d_%d" % e, OPS) for e in EDGES]
        arch = arch_string(ops)
        if arch not in cells:
            sys.exit("optuna_nb201: %s is not in the cells table" % arch)
        accuracy, latency = cells[arch]
        trial.set_user_attr("constraint", [latency - args.budget])
        study.tell(trial, [accuracy, latency])
        trials += 1
        if arch not in seen:
            seen.add(arch)
            rows.append((len(rows) + 1, arch, trials, time.perf_counter() - start))
            if args.progress and len(rows) % args.progress == 0:
                print("optuna_nb201 %s seed %d: %d distinct in %d trials, %.1f s"
                      % (args.sampler, args.seed, len(rows), trials, rows[-1][3]), file=sys.stderr, flush=True)
    return rows, trials, len(rows) < args.n, time.perf_counter() - start


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--version", action="store_true", help="print Optuna's version and exit")
    p.add_argument("--cells")
    p.add_argument("--sampler", choices=["nsga2", "tpe"])
    p.add_argument("--seed", type=int)
    p.add_argument("--n", type=int)
    p.add_argument("--budget", type=float)
    p.add_argument("--max-trials", type=int)
    p.add_argument("--out")
    p.add_argument("--meta")
    p.add_argument("--plain", action="store_true", help="TPE exactly as shipped, without split_once_per_trial")
    p.add_argument("--progress", type=int, default=0, help="a line on stderr every this many distinct (0: none)")
    args = p.parse_args()
    import optuna
    if args.version:
        print(optuna.__version__)
        return
    for name in ("cells", "sampler", "seed", "n", "budget", "out", "meta"):
        if getattr(args, name) is None:
            p.error("--%s is required" % name)
    if args.max_trials is None:
        args.max_trials = 30 * args.n
    # constraints_func is experimental in TPESampler; its warning, and one line per trial, would drown the log.
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if args.sampler == "tpe" and not args.plain:
        split_once_per_trial(optuna)
    cells = read_cells(args.cells)
    rows, trials, capped, wall = search(optuna, cells, args)
    lines = ["n,arch,trial,elapsed_s"] + ["%d,%s,%d,%.6f" % r for r in rows]
    write_atomically(args.out, "\n".join(lines) + "\n")
    meta = {"sampler": args.sampler, "seed": args.seed, "n": args.n, "budget": args.budget,
            "optuna": optuna.__version__, "distinct": len(rows), "trials": trials, "max_trials": args.max_trials,
            "capped": capped, "wall_s": wall, "split_once_per_trial": args.sampler == "tpe" and not args.plain}
    write_atomically(args.meta, json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
