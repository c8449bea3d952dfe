"""The model is read from the installed package: embedding works in a process with no network at all."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare")

PROBE = """
import numpy as np
from claims.matching.embedder import embed_texts
en, fa, other = embed_texts(["Iran produces more than 90 percent of the world's saffron.",
                             "ایران بیش از ۹۰ درصد زعفران جهان را تولید می‌کند.",
                             "Drinking hot water kills the coronavirus."])
print(round(float(en @ fa), 3), round(float(en @ other), 3))
"""


def test_embeddings_are_computed_in_a_process_with_no_network_namespace():
    probe = subprocess.run(
        ["unshare", "--net", sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    if probe.returncode != 0 and "Operation not permitted" in probe.stderr:
        pytest.skip("unshare --net is not permitted here")

    assert probe.returncode == 0, probe.stderr
    same_claim, other_claim = map(float, probe.stdout.split())
    assert same_claim > other_claim + 0.05
