"""The shared background loop that synchronous callers run Graph coroutines on."""

from __future__ import annotations

import subprocess
import sys
import textwrap

EXITS_AFTER_A_RUN = textwrap.dedent(
    """
    import atexit

    from tenantctl.graph import runner

    # registered first, so it runs last: after whatever the runner registered at exit
    atexit.register(lambda: print("closed" if runner._loop.is_closed() else "open"))


    async def answer() -> int:
        return 42


    print(runner.run(answer()))
    """
)


def test_a_process_that_ran_graph_code_closes_the_shared_loop_on_its_way_out() -> None:
    done = subprocess.run(
        [sys.executable, "-c", EXITS_AFTER_A_RUN], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["42", "closed"]
    assert "Traceback" not in done.stderr
