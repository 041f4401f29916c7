"""`make bench`: every speed figure of the project, each measured as a ratio within one run.

1. crawl throughput over loopback against a spider that only downloads (benchmarks/bench_crawl.py)
2. 1 vs 2 crawler processes sharing a Redis frontier (benchmarks/bench_redis.py)
3. parse cost per entry at 10 to 5,000 entries per page, text, plain and markup HTML
   (benchmarks/bench_scale.py): flat within 2× is the goal
4. extraction time per page against a bare lxml parse (benchmarks/bench_extract.py), printed last
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    crawl_args = sys.argv[1:] or ["--pages", "5000"]
    steps = [
        [sys.executable, str(HERE / "bench_crawl.py"), *crawl_args],
        [sys.executable, str(HERE / "bench_redis.py"), "--both"],
        [sys.executable, str(HERE / "bench_scale.py")],
        [sys.executable, str(HERE / "bench_extract.py")],
    ]
    for cmd in steps:
        print(f"$ {' '.join(Path(c).name if i < 2 else c for i, c in enumerate(cmd))}", flush=True)
        code = subprocess.call(cmd, cwd=HERE.parent)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
