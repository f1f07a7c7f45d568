# py_workload.py — an allocation-heavy Python program for bench/alloc_bench.sh,
# run with PYTHONMALLOC=malloc so every object goes through malloc/free.
# Builds and drops dicts, lists, tuples, strings and ints of mixed sizes, the
# way a parser or a JSON round trip does.  Prints a checksum.
import sys

def work(rounds):
    total = 0
    for r in range(rounds):
        recs = []
        for i in range(2000):
            d = {"id": i, "name": "item-%d-%d" % (r, i), "tags": [str(j) for j in range(i % 13)]}
            d["pair"] = (i, d["name"][::-1])
            recs.append(d)
        idx = {d["name"]: d for d in recs}
        for d in recs[::7]:
            total += len(idx[d["name"]]["tags"]) + d["pair"][0]
        text = ",".join(d["name"] for d in recs)
        total += sum(len(s) for s in text.split(","))
    return total

print("py_workload", work(int(sys.argv[1]) if len(sys.argv) > 1 else 150))
