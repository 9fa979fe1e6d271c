"""The command line every peer shares: images for a range of seeds as .npy, or a timing server for
genlab bench --peers (reads lines "BATCH FIRST_SEED", prints the seconds one generate call took)."""
import argparse
import sys
import time

import numpy as np
import torch


def run(model_class, doc):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--seeds", nargs=2, type=int, metavar=("FIRST", "COUNT"))
    ap.add_argument("--out")
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--threads", type=int)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    model = model_class(a.model)
    if a.seeds:
        np.save(a.out, model.generate(list(range(a.seeds[0], a.seeds[0] + a.seeds[1]))).numpy())
    if a.serve:
        print("ready", flush=True)
        for line in sys.stdin:
            batch, first = (int(v) for v in line.split())
            seeds = list(range(first, first + batch))
            start = time.perf_counter()
            model.generate(seeds)
            print("%.9f" % (time.perf_counter() - start), flush=True)
